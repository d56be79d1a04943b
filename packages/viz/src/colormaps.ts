/** A colormap as matplotlib samples it: 256 RGB colours, from the lowest value to the highest. */
export interface Colormap {
  /** Matplotlib's name for it. */
  readonly name: string;
  /** 256 × (r, g, b) bytes. */
  readonly palette: Uint8Array;
}

const LEVELS = 256;

function fromHex(name: string, hex: string): Colormap {
  const palette = new Uint8Array(LEVELS * 3);
  for (let i = 0; i < palette.length; i++) palette[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return { name, palette };
}

// The tables are matplotlib 3.6's own 256-entry lookup tables, rounded to bytes.

/** Matplotlib's default colormap, used by `plt.imshow` when no `cmap` is given. */
export const viridis: Colormap = fromHex(
  'viridis',
  '44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769' +
    '48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a' +
    '472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85' +
    '4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b' +
    '3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d' +
    '33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e' +
    '2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e' +
    '26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d' +
    '21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88' +
    '1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81' +
    '28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74' +
    '3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863' +
    '5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d' +
    '84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32' +
    'addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a' +
    'd8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725',
);

/** Matplotlib's 'Blues' (ColorBrewer), the usual colormap for confusion matrices. */
export const blues: Colormap = fromHex(
  'Blues',
  'f7fbfff6fafff5fafef5f9fef4f9fef3f8fef2f8fdf2f7fdf1f7fdf0f6fdeff6fceef5fceef5fcedf4fcecf4fbebf3fb' +
    'eaf3fbeaf2fbe9f2fae8f1fae7f1fae7f0fae6f0f9e5eff9e4eff9e3eef9e3eef8e2edf8e1edf8e0ecf8dfecf7dfebf7' +
    'deebf7ddeaf7dceaf6dce9f6dbe9f6dae8f6d9e8f5d9e7f5d8e7f5d7e6f5d6e6f4d6e5f4d5e5f4d4e4f4d3e4f3d3e3f3' +
    'd2e3f3d1e2f3d0e2f2d0e1f2cfe1f2cee0f2cde0f1cddff1ccdff1cbdef1cadef0caddf0c9ddf0c8dcf0c7dcefc7dbef' +
    'c6dbefc4daeec3daeec2d9eec1d9edbfd8edbed8ecbdd7ecbcd7ebbad6ebb9d6eab8d5eab7d4eab5d4e9b4d3e9b3d3e8' +
    'b2d2e8b0d2e7afd1e7aed1e7add0e6abd0e6aacfe5a9cfe5a8cee4a6cee4a5cde3a4cce3a3cce3a1cbe2a0cbe29fcae1' +
    '9dcae19cc9e19ac8e099c7e097c6df95c5df94c4df92c4de91c3de8fc2de8dc1dd8cc0dd8abfdd89bedc87bddc85bcdc' +
    '84bcdb82bbdb81badb7fb9da7db8da7cb7da7ab6d979b5d977b5d975b4d874b3d872b2d871b1d76fb0d76dafd76caed6' +
    '6aaed669add568acd566abd465aad464a9d363a8d361a7d260a7d25fa6d15da5d15ca4d05ba3d05aa2cf58a1cf57a0ce' +
    '56a0ce549fcd539ecd529dcc519ccc4f9bcb4e9acb4d99ca4b98ca4a98c94997c94896c84695c84594c74493c74292c6' +
    '4191c64090c53f8fc53e8ec43d8dc43c8cc33b8bc23a8ac23989c13888c13787c03686c03585bf3484bf3383be3282be' +
    '3181bd3080bd2f7fbc2e7ebc2d7dbb2c7cba2b7bba2a7ab92979b92777b82676b82575b72474b72373b62272b62171b5' +
    '2070b4206fb41f6eb31e6db21d6cb11c6bb01c6ab01b69af1a68ae1967ad1966ad1865ac1764ab1663aa1562a91561a9' +
    '1460a8135fa7125ea6125da6115ca5105ba40f5aa30e59a20e58a20d57a10c56a00b559f0a549e0a539e09529d08519c' +
    '08509b084f99084e98084d96084c95084b93084a9108499008488e08478d08468b08458a084488084387084285084184' +
    '084082083e81083d7f083c7d083b7c083a7a08397908387708377608367408357308347108337008326e08316d08306b',
);

/** `plt.cm.binary`: 0 is white and 255 black, so clothes show dark on white as in the tutorial. */
export const binary: Colormap = {
  name: 'binary',
  palette: Uint8Array.from({ length: LEVELS * 3 }, (_, i) => LEVELS - 1 - Math.floor(i / 3)),
};

/** The palette index matplotlib picks for `fraction` of the way from the low to the high end (clamped). */
export function colormapIndex(fraction: number): number {
  return Math.min(LEVELS - 1, Math.max(0, Math.floor(fraction * LEVELS)));
}

/** The colour `fraction` of the way along the colormap, as `#rrggbb`. */
export function colorAt(colormap: Colormap, fraction: number): string {
  const offset = colormapIndex(fraction) * 3;
  const channels = colormap.palette.subarray(offset, offset + 3);
  return `#${Array.from(channels, (channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether dark text would be hard to read on this colour (WCAG relative luminance below one half). */
export function isDark(color: string): boolean {
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const channel = Number.parseInt(color.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5;
}
