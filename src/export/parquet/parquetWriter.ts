// The Parquet file writer (hyparquet-writer), its own bundle loaded on the first Parquet export. Its
// flush waits for the output before the buffer is reused, so one row group's bytes are the most held.

/** What a column holds, as Parquet types it. */
export type ParquetKind = 'int64' | 'double' | 'boolean' | 'date' | 'timestamp' | 'string' | 'json';

export interface ParquetColumnSpec {
  name: string;
  kind: ParquetKind;
}

export interface ParquetFile {
  /** Writes one row group: one array per column, in the specs' order, all of the same length. */
  writeRowGroup(columns: readonly unknown[][]): Promise<void>;
  /** Writes the footer (schema, row groups' metadata) and flushes. */
  finish(): Promise<void>;
}

interface SchemaElement {
  name: string;
  type?: string;
  repetition_type?: string;
  num_children?: number;
  converted_type?: string;
  logical_type?: Record<string, unknown>;
}

/** Every column is OPTIONAL: null and absent are Parquet nulls. */
function element({ name, kind }: ParquetColumnSpec): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' };
  switch (kind) {
    case 'int64':
      return { ...optional, type: 'INT64' };
    case 'double':
      return { ...optional, type: 'DOUBLE' };
    case 'boolean':
      return { ...optional, type: 'BOOLEAN' };
    case 'date':
      return { ...optional, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'timestamp':
      return { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } };
    case 'string':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'json':
      // The logical type only while writing: hyparquet-writer's converted-type path would turn a
      // "__proto__" key into a prototype and round big integers (the footer names it, see finish).
      return { ...optional, type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } };
  }
}

const BUFFER_BYTES = 64 * 1024;
/** Buffers of finished files, for the next files: a dataset sync writes tens of thousands of small ones at a few at once. */
const spareBuffers: ArrayBuffer[] = [];
const MAX_SPARE_BUFFERS = 8;

export async function createParquetFile(columns: readonly ParquetColumnSpec[], write: (bytes: Uint8Array) => Promise<void>, createdBy: string): Promise<ParquetFile> {
  const { ByteWriter, ParquetWriter } = await import('hyparquet-writer');
  // Grown as a row group needs (it doubles, and stays grown), and handed to the next file once this one is written.
  const spare = spareBuffers.pop();
  const bytes = new ByteWriter(spare ? 0 : BUFFER_BYTES) as InstanceType<typeof ByteWriter> & { flush(): Promise<void> };
  if (spare) {
    bytes.buffer = spare;
    bytes.view = new DataView(spare);
  }
  bytes.flush = async () => {
    if (bytes.index === 0) return;
    await write(new Uint8Array(bytes.buffer, 0, bytes.index));
    bytes.index = 0;
  };
  // ParquetWriter.finish() returns (and the runner awaits) what finish returns: the last flush.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  bytes.finish = () => bytes.flush();
  const schema = [{ name: 'root', num_children: columns.length }, ...columns.map(element)];
  const writer = new ParquetWriter({ writer: bytes, schema: schema as never, codec: 'SNAPPY', createdBy });
  return {
    async writeRowGroup(data) {
      const n = data[0]?.length ?? 0;
      if (n === 0) return;
      await writer.write({ columnData: columns.map((c, i) => ({ name: c.name, data: data[i] as unknown[] })), rowGroupSize: n });
    },
    async finish() {
      // Every row group is on disk already (writeRowGroup writes each at once), so only the
      // footer's schema sees this: JSON columns say JSON in both the logical and converted type.
      for (const e of schema as { logical_type?: { type: string }; converted_type?: string }[]) if (e.logical_type?.type === 'JSON') e.converted_type = 'JSON';
      await writer.finish();
      // The output is done with every byte lent to it (flush waits for it); grown buffers are not kept.
      if (spareBuffers.length < MAX_SPARE_BUFFERS && bytes.buffer.byteLength === BUFFER_BYTES) {
        spareBuffers.push(bytes.buffer);
        // Anything written after this (nothing should be) lands in a buffer of its own.
        bytes.buffer = new ArrayBuffer(0);
        bytes.view = new DataView(bytes.buffer);
      }
    },
  };
}
