import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ChatModule } from './app.module.js';

const app = await NestFactory.create(ChatModule);
app.enableShutdownHooks();
const port = Number(process.env.PORT ?? 3000);
await app.listen(port);
console.log(`Chat: socket.io on http://localhost:${port} (namespaces / and /admin?token=...)`);
console.log(`Chat: the document at http://localhost:${port}/docs`);
