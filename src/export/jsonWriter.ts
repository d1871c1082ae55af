// JSON and JSON Lines: each record written as it arrives, with every digit Campfire sent.
import type { ByteSink } from './byteSink';
import type { ExportWriter, OpenWriter } from './exportWriter';
import { stringifyExact } from '../shared/exactNumber';

/** `array`: one JSON array (its brackets around the records), else one record a line. */
async function jsonWriter(out: ByteSink, array: boolean): Promise<ExportWriter> {
  if (array) await out.write('[');
  let rows = 0;
  const end = () => (array ? out.write(rows === 0 ? ']\n' : '\n]\n') : Promise.resolve());
  return {
    async write(records) {
      let chunk = '';
      for (const record of records) {
        // A number a double would round is written as its literal, unquoted.
        const json = stringifyExact(record);
        chunk += array ? `${rows === 0 ? '\n' : ',\n'}${json}` : `${json}\n`;
        rows++;
      }
      await out.write(chunk);
    },
    finish: end,
    endPartial: end,
    close: () => Promise.resolve(),
    report: () => ({ otherDataKeys: 0, otherFields: 0 }),
  };
}

export const openJson: OpenWriter = ({ out }) => jsonWriter(out, true);
export const openJsonLines: OpenWriter = ({ out }) => jsonWriter(out, false);
