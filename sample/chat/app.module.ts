import { Module } from '@nestjs/common';
import { AsynctionModule } from '../../lib/index.js';
import { AdminHandlers } from './admin.handlers.js';
import { ChatHandlers } from './chat.handlers.js';

@Module({
  imports: [AsynctionModule.forRoot('./sample/chat/asyncapi.yaml')],
  providers: [ChatHandlers, AdminHandlers],
})
export class ChatModule {}
