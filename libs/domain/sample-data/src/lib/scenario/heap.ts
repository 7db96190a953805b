interface Node<T> {
  readonly time: number;
  readonly tie: number;
  readonly item: T;
}

/** Binary min-heap on (time, tie): the stream's reorder buffer. */
export class MinHeap<T> {
  private readonly nodes: Node<T>[] = [];

  get size(): number {
    return this.nodes.length;
  }

  /** Smallest time, or +Infinity when empty. */
  peekTime(): number {
    return this.nodes.length === 0 ? Number.POSITIVE_INFINITY : this.nodes[0].time;
  }

  push(time: number, tie: number, item: T): void {
    const nodes = this.nodes;
    const node: Node<T> = { time, tie, item };
    // Sift up by moving parents down into the hole.
    let i = nodes.length;
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(node, nodes[parent])) break;
      nodes[i] = nodes[parent];
      i = parent;
    }
    nodes[i] = node;
  }

  pop(): T | undefined {
    const nodes = this.nodes;
    if (nodes.length === 0) return undefined;
    const top = nodes[0];
    const last = nodes.pop() as Node<T>;
    const n = nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(nodes[r], nodes[l]) ? r : l;
        if (!before(nodes[child], last)) break;
        nodes[i] = nodes[child];
        i = child;
      }
      nodes[i] = last;
    }
    return top.item;
  }
}

function before<T>(a: Node<T>, b: Node<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.tie < b.tie);
}
