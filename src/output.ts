// Where library operations that print (listings, progress) write. The CLI's CommandIO satisfies it;
// tests pass a recorder.

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal */
  readonly isTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly columns: number;
}
