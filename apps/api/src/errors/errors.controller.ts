import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { errorCatalogue } from './error-catalogue';
import { ErrorCodeDto } from './errors.dto';
import { Public } from '../auth/access.decorators';

@ApiTags('operations')
@Controller('errors')
export class ErrorsController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'Every error code the API answers with, its HTTP status and its meaning' })
  @ApiOkResponse({ type: ErrorCodeDto, isArray: true })
  list(): ErrorCodeDto[] {
    return errorCatalogue();
  }
}
