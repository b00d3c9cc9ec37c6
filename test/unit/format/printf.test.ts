import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sprintf } from '../../../src/format';

test("printf verbs, flags, widths and precisions match Go's fmt", () => {
  const cases: Array<[string, unknown[], string]> = [
    ['%d', [42], '42'],
    ['%5d|%-5d|%05d|%+d', [42, 42, 42, 42], '   42|42   |00042|+42'],
    ['%05d|%.3d|%8.3d|% d', [-42, 7, 7, 5], '-0042|007|     007| 5'],
    ['%x %X %#x %#X %x', [255, 255, 255, 255, -255], 'ff FF 0xff 0XFF -ff'],
    ['%o %#o %O %b %#b', [8, 8, 8, 5, 5], '10 010 0o10 101 0b101'],
    ['%c %q %U %#U', [65, 65, 0x1f600, 65], "A 'A' U+1F600 U+0041 'A'"],
    ['%s|%10s|%-10s|%.1s', ['hi', 'hi', 'hi', 'hi'], 'hi|        hi|hi        |h'],
    ['%q %+q %#q', ['a"b\n', 'é', 'ab'], '"a\\"b\\n" "\\u00e9" `ab`'],
    ['%x|% x|%X|%#x', ['hi', 'hi', 'hi', 'hi'], '6869|68 69|6869|0x6869'],
    ['%v %v %d', [[1, 2], { b: 1, a: 2 }, ['a']], '[1 2] map[a:2 b:1] [%!d(string=a)]'],
    ['%5v|%-3v|', [[1, 2], 'x'], '[    1     2]|x  |'],
    ['%t %d', [true, true], 'true %!d(bool=true)'],
    ['%f|%.2f|%8.3f|%6.2f|%06.2f|%+.1f', [3.14159, 3.14159, 3.14159, -1.5, -1.5, 2], '3.141590|3.14|   3.142| -1.50|-01.50|+2.0'],
    ['%e %E %.2e', [1234.5678, 1234.5678, 0.000123], '1.234568e+03 1.234568E+03 1.23e-04'],
    ['%g %g %g %.3g %g %G', [1234.5678, 0.00001234, 1e6, 1234.5678, 100000, 1e-10], '1234.5678 1.234e-05 1e+06 1.23e+03 100000 1E-10'],
    ['%v %v %v %v', [1.5, 0.000001, 1e21, 2.5e-5], '1.5 1e-06 1e+21 2.5e-05'],
    ['%f %v %5.1f|', [Infinity, NaN, -Infinity], '+Inf NaN  -Inf|'],
    ['%d', [1.5], '%!d(float64=1.5)'],
    ['%z', [1], '%!z(int=1)'],
    ['%d %s', [1], '1 %!s(MISSING)'],
    ['x', [1, 'a'], 'x%!(EXTRA int=1, string=a)'],
    ['%d', [1, null], '1%!(EXTRA <nil>)'],
    ['100%%', [], '100%'],
    ['%', [], '%!(NOVERB)'],
    ['%[2]d %[1]d', [1, 2], '2 1'],
    ['%[3]d', [1], '%!d(BADINDEX)'],
    ['%*d|%-*d|%.*f', [5, 42, 5, 42, 2, 3.14159], '   42|42   |3.14'],
    ['%*d', ['x', 1], '%!(BADWIDTH)1'],
    ['%T %T %T %T %T %T', [1, 'a', 1.5, [1], { a: 1 }, null], 'int string float64 []interface {} map[string]interface {} <nil>'],
    ['%s %v', [null, null], '%!s(<nil>) <nil>'],
    ['%s', [[null, 'a']], '[<nil> a]'],
    ['%+v %#v', [5, 'a'], '5 "a"'],
    ['%6.2f%%', [12.5], ' 12.50%'],
    ['%-20s|', ['my-container'], 'my-container        |'],
    ['%3s|%-4s|', ['日本', 'é'], ' 日本|é   |'],
    ['%d %x', [12345678901234567890n, 255n], '12345678901234567890 ff'],
  ];
  for (const [format, args, want] of cases) assert.equal(sprintf(format, args), want, `${format} ${JSON.stringify(args.map(String))}`);
});
