/** Mulberry32: a small seeded generator, so the stress sets, the scale bench and the tests draw the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of the options, drawn. */
export function pickOne<T>(options: readonly T[], random: () => number): T {
  return options[Math.floor(random() * options.length)]!;
}
