/** Today's date where the facilitators work; the domain never reads the system clock itself. */
export class Clock {
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string, private readonly fixedToday?: string) {
    // en-CA formats dates as YYYY-MM-DD
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  today(): string {
    return this.fixedToday ?? this.format.format(new Date());
  }

  /** The instant, for logs of who did what when (never fed to a decider). */
  now(): string {
    return new Date().toISOString();
  }
}
