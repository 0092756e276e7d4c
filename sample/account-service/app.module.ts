import { Module } from '@nestjs/common';
import { AsynctionModule } from '../../lib/index.js';
import { UserHandlers } from './user.handlers.js';

@Module({
  imports: [AsynctionModule.forRoot({ spec: './sample/account-service/asyncapi', perspective: 'application' })],
  providers: [UserHandlers],
})
export class AppModule {}
