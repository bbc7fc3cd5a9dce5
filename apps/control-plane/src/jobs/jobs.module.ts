import { Global, Module } from '@nestjs/common';
import { JobQueues } from './job-queues.js';

/**
 * Background jobs (BullMQ on the deployment's Redis). Each domain defines its own queue, with
 * a job name enum, a payload schema and one processor, on top of JobQueues.
 */
@Global()
@Module({ providers: [JobQueues], exports: [JobQueues] })
export class JobsModule {}
