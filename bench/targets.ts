/** Every figure the bench prints, with its target: the table at the end of the run. */
export interface Figure {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  /** undefined: printed for comparison only (no target of its own). */
  readonly met?: boolean;
}

export class Figures {
  private readonly rows: Figure[] = [];

  add(figure: Figure): void {
    this.rows.push(figure);
  }

  table(): string {
    const width = (pick: (f: Figure) => string) => Math.max(...this.rows.map((f) => pick(f).length));
    const [n, v, t] = [width((f) => f.name), width((f) => f.value), width((f) => f.target)];
    return this.rows
      .map((f) => `  ${f.name.padEnd(n)}  ${f.value.padStart(v)}  ${f.target.padEnd(t)}  ${f.met === undefined ? '—' : f.met ? 'MET' : 'NOT MET'}`)
      .join('\n');
  }
}
