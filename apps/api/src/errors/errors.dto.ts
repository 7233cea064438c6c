import { ApiProperty } from '@nestjs/swagger';

export class ErrorCodeDto {
  @ApiProperty({ example: 'CLAUSE_ALREADY_ACCEPTED', description: 'the `code` of an error answer' })
  code: string;

  @ApiProperty({ example: 'markets', description: 'the domain area the code belongs to; `api` for the API\'s own codes' })
  area: string;

  @ApiProperty({ example: 409, nullable: true, type: Number, description: 'the HTTP status the code comes with; null when it keeps the failure\'s own status' })
  status: number | null;

  @ApiProperty({ example: 'A company accepted the lot\'s clause: it can be neither accepted again nor redefined.' })
  meaning: string;
}
