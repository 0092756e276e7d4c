import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ASYNCTION_DOCUMENTS, ASYNCTION_OPTIONS } from '../asynction.constants.js';
import { startupMessages } from '../messages/index.js';
import { AsynctionSpecError } from '../errors/asynction-spec.error.js';
import type { ResolvedAsynctionOptions } from '../interfaces/asynction-options.interface.js';
import type { AsynctionDocument } from '../document/document.reader.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/**
 * Stands in for the explorer in an emit-only process, which binds no handlers: `app.init()` still rejects with every
 * problem of the document, and when `emitOnly` comes without `redis`.
 */
@Injectable()
export class EmitOnlyInitializer implements OnModuleInit {
  constructor(
    @Inject(ASYNCTION_DOCUMENTS) private readonly documents: AsynctionDocument[],
    @Inject(ASYNCTION_OPTIONS) private readonly options: ResolvedAsynctionOptions,
  ) {}

  onModuleInit(): void {
    const problems: SpecProblem[] = this.documents.flatMap((d) => d.problems);
    if (!this.options.redis) {
      problems.push({
        at: { file: this.documents[0]?.model.file ?? '<options>', pointer: '#' },
        ...startupMessages.emitOnlyWithoutRedis(),
      });
    }
    const mode = this.options.redis?.mode ?? 'pubsub';
    if (mode !== 'pubsub') {
      problems.push({
        at: { file: this.documents[0]?.model.file ?? '<options>', pointer: '#' },
        ...startupMessages.emitOnlyModeUnsupported(mode),
      });
    }
    if (problems.length > 0) throw new AsynctionSpecError(problems);
  }
}
