// NAB's scaled sigmoid: the weight of a detection by its position relative to an anomaly window.

/** 2/(1+e^(5y)) - 1 for relative position y (-1 = a window's left edge, 0 = its right edge, > 0 = after it); -1 from y >= 3. */
export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}
