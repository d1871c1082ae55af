// Parsing that keeps the digits: any JSON number literal comes back either as the double that
// denotes the same decimal, or as an ExactNumber holding its source text, and is written back by
// stringifyExact as that decimal. Also the exact money sum.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecimalSum, sumDecimals } from '../../src/shared/exactDecimal';
import { ExactNumber, isExactNeeded, parseJsonExact, stringifyExact } from '../../src/shared/exactNumber';

/** The decimal a literal denotes as a reduced [mantissa, exponent] pair, written here independently of the code under test. */
function decimalOf(literal: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  assert.ok(m, `not a number literal: ${literal}`);
  let mantissa = BigInt(`${m[2]}${m[3] ?? ''}`);
  let exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  if (mantissa === 0n) return '0';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return `${m[1]}${mantissa}e${exponent}`;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...DIGITS), minLength: min, maxLength: max });
/** Any JSON number literal: short and long, integers and decimals, with and without an exponent (up to 1e±999). */
const literal = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...DIGITS.slice(1)), digits(0, 30)).map(([a, b]) => a + b)),
    fc.option(digits(1, 30), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 999 })), { nil: undefined }),
  )
  .map(([negative, int, frac, exp]) => `${negative ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`);

describe('parseJsonExact', () => {
  it('gives any number literal back as a double of the same decimal, or with its exact source text', () => {
    fc.assert(
      fc.property(literal, (lit) => {
        const parsed = parseJsonExact(`{"v": ${lit}, "list": [1, ${lit}], "s": "${lit}"}`) as { v: unknown; list: unknown[]; s: unknown };
        for (const v of [parsed.v, parsed.list[1]]) {
          if (typeof v === 'number') {
            assert.equal(decimalOf(String(v)), decimalOf(lit), `${lit} parsed as ${v}`);
          } else {
            assert.ok(v instanceof ExactNumber, `${lit} parsed as ${String(v)}`);
            assert.equal(v.text, lit);
            const double = Number(lit);
            assert.ok(!Number.isFinite(double) || decimalOf(String(double)) !== decimalOf(lit), `${lit} was kept as text though its double holds it`);
          }
        }
        assert.equal(parsed.s, lit, 'a string stays a string');
        // Written back, every literal denotes the same decimal it was sent as.
        const again = JSON.parse(stringifyExact(parsed).replace(/("v":|\[1,)(-?[0-9][0-9.eE+-]*)/g, '$1"$2"')) as { v: string; list: string[] };
        assert.equal(decimalOf(again.v), decimalOf(lit));
        assert.equal(decimalOf(again.list[1] as string), decimalOf(lit));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the examples of the issue and parses the common ones as numbers', () => {
    const body = '{"a": 12345678901234567890, "b": -9223372036854775809, "c": 0.12345678901234567891, "d": 1e400, "e": 43384.40, "f": 0.1, "g": 9007199254740993, "h": 1e-400}';
    const v = parseJsonExact(body) as Record<string, unknown>;
    assert.deepEqual(
      Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x instanceof ExactNumber ? `exact ${x.text}` : x])),
      { a: 'exact 12345678901234567890', b: 'exact -9223372036854775809', c: 'exact 0.12345678901234567891', d: 'exact 1e400', e: 43384.4, f: 0.1, g: 'exact 9007199254740993', h: 'exact 1e-400' },
    );
    assert.equal(stringifyExact(v), '{"a":12345678901234567890,"b":-9223372036854775809,"c":0.12345678901234567891,"d":1e400,"e":43384.4,"f":0.1,"g":9007199254740993,"h":1e-400}');
    assert.equal(isExactNeeded('43384.40'), false);
    assert.equal(isExactNeeded('1E2'), false);
    assert.equal(isExactNeeded('-0'), false);
  });

  it('never turns a string a server sent into a number, whatever it looks like', () => {
    const forged = ['exact:00:12345678901234567890', 'exact!00!12345678901234567890', '12345678901234567890'];
    const v = parseJsonExact(JSON.stringify({ forged, n: 12345678901234567890n.toString() })) as { forged: unknown[] };
    assert.deepEqual(v.forged, forged);
    assert.equal(stringifyExact({ forged }), JSON.stringify({ forged }));
  });

  it('finds a long literal wherever it starts in the text', () => {
    for (let k = 0; k < 40; k++) {
      const v = parseJsonExact(`{"pad":"${'x'.repeat(k)}","v":12345678901234567890,"w":-0.1234567890123456789}`) as { v: unknown; w: unknown };
      assert.ok(v.v instanceof ExactNumber && v.w instanceof ExactNumber, `offset ${k}`);
      assert.equal((parseJsonExact(`${' '.repeat(k)}12345678901234567890`) as ExactNumber).text, '12345678901234567890');
    }
  });

  it('reads a root literal and refuses what is not JSON as JSON.parse does', () => {
    assert.equal((parseJsonExact('1e400') as ExactNumber).text, '1e400');
    assert.throws(() => parseJsonExact('{"a": 01234567890123456789}'), SyntaxError);
    assert.throws(() => parseJsonExact('{"a": 1234567890123456789.}'), SyntaxError);
  });

  it('writes an ExactNumber as its digits (quoted) through a plain JSON.stringify, never as a rounded number', () => {
    assert.equal(JSON.stringify({ id: new ExactNumber('12345678901234567890') }), '{"id":"12345678901234567890"}');
  });
});

describe('DecimalSum', () => {
  it('adds exactly in decimal where doubles drift', () => {
    assert.equal(sumDecimals([0.1, 0.2]), '0.3');
    assert.equal(sumDecimals(Array.from({ length: 1_000_000 }, () => 0.01)), '10000');
    assert.equal(sumDecimals([1.005, 1.005, new ExactNumber('0.12345678901234567891'), '-2']), '0.13345678901234567891');
    assert.equal(sumDecimals([1e21, 1]), '1000000000000000000001');
    assert.equal(sumDecimals([]), '0');
  });

  it('equals a BigInt sum of the same decimals (property)', () => {
    const amount = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => Number((units / 10 ** scale).toFixed(scale)));
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 200 }), (amounts) => {
        const scale = 6;
        let expected = 0n;
        for (const a of amounts) {
          const [int, frac = ''] = String(Math.abs(a)).split('.');
          const units = BigInt(`${int}${frac.padEnd(scale, '0')}`);
          expected += a < 0 ? -units : units;
        }
        const sum = new DecimalSum();
        for (const a of amounts) sum.add(a);
        assert.equal(decimalOf(sum.toString()), decimalOf(`${expected < 0n ? '-' : ''}${(expected < 0n ? -expected : expected).toString()}e-${scale}`));
      }),
    );
  });
});
