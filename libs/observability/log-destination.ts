import { destination, type DestinationStream } from 'pino';

/**
 * One append stream per file and process: every app of a process (the gateway and the worker of `npm start`, the
 * apps a test file starts) shares it instead of opening the file again on each start. pino flushes it when the
 * process exits.
 */
const streams = new Map<string, DestinationStream>();

/** Where the apps' log lines go when LOG_FILE is set: appended (O_APPEND), so several processes can share it. */
export function logFileDestination(file: string): DestinationStream {
  let stream = streams.get(file);
  if (!stream) {
    stream = destination({ dest: file, append: true, mkdir: true, sync: false });
    streams.set(file, stream);
  }
  return stream;
}
