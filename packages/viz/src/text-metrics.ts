import { FONT_SIZE } from './style.js';

// Advance widths of DejaVu Sans for the printable ASCII characters U+0020–U+007E, in font units (2048 per em),
// read from the bundled DejaVuSans.ttf. Layout needs text widths before any renderer has measured anything.
const ASCII_ADVANCES = [
  651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303,
  1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577,
  1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401,
  2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569,
  569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,
  1303, 1716,
];
const UNITS_PER_EM = 2048;
/** For anything outside ASCII: a wide-ish guess, so that layout errs towards too much room. */
const FALLBACK_ADVANCE = 1400;

/** Width in pixels of `content` set in DejaVu Sans at `fontSize`. */
export function textWidth(content: string, fontSize: number = FONT_SIZE): number {
  let units = 0;
  for (const char of content) {
    units += ASCII_ADVANCES[(char.codePointAt(0) ?? 0) - 0x20] ?? FALLBACK_ADVANCE;
  }
  return (units / UNITS_PER_EM) * fontSize;
}
