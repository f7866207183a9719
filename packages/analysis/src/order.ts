// Sorting lists that are mostly in order already (events in stream order, deaths and hits in time
// order): V8's Array.prototype.sort copies every list it sorts, thousands of them per analysis.

/**
 * Sorts `list` in place by `compare`, stably, as Array.prototype.sort does; a list already in
 * order (no neighbour out of order) is left as it is, nothing copied.
 */
export function sortInPlace<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1] as T, list[i] as T) > 0) return list.sort(compare);
  return list;
}
