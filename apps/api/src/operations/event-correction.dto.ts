import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CorrectStoredEventDto {
  @ApiProperty({ example: '0f8fad5b-d9cb-469f-a165-70867728950e', description: 'the id of the stored event to correct (see GET /operations/parked-events)' })
  @IsUUID('all', { message: '$property must be the UUID of a stored event' })
  correctedEventId: string;

  @ApiPropertyOptional({ example: 'MarketRegistered', description: 'only when the event was stored under the wrong type' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Za-z0-9]{2,79}$/, { message: '$property must be an event type such as MarketRegistered' })
  correctedType?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the whole payload the event should have carried (replaces its data when read)' })
  @IsDefined({ message: '$property must be given: the whole corrected payload, a JSON object' })
  correctedData: unknown;

  @ApiProperty({ example: 'registered without its buyer before validation required it (issue 9); buyer taken from the signed market' })
  @IsString()
  @Length(1, 2000, { message: '$property must be between 1 and 2000 characters' })
  reason: string;
}
