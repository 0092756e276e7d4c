import { Module } from '@nestjs/common';
import { AsynctionModule } from '../../lib/index.js';
import { AdminHandlers } from './admin.handlers.js';
import { ChatHandlers } from './chat.handlers.js';

/**
 * Origins of a browser page in local development (Vite's default port) that may use the chat over socket.io's
 * HTTP long-polling transport; a page on any other origin gets no CORS header and fails with `xhr poll error`.
 */
export const CHAT_DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

@Module({
  imports: [
    AsynctionModule.forRoot({
      spec: './sample/chat/asyncapi.yaml',
      gatewayOptions: { cors: { origin: CHAT_DEV_ORIGINS } },
      // the document as a page at /docs (needs the optional @asyncapi/react-component, a devDependency here)
      docs: true,
    }),
  ],
  providers: [ChatHandlers, AdminHandlers],
})
export class ChatModule {}
