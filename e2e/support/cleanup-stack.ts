/**
 * What a spec set up, undone in reverse order at the end whatever happened: each step is
 * registered the moment its resource exists, so a setup that fails half-way still cleans up
 * the half it made. Every step runs even when an earlier one fails; the failures are
 * reported together.
 */
export class CleanupStack {
  readonly #steps: { readonly what: string; readonly run: () => Promise<unknown> }[] = [];

  defer(what: string, run: () => Promise<unknown>): void {
    this.#steps.push({ what, run });
  }

  async runAll(): Promise<void> {
    const failures: string[] = [];
    while (this.#steps.length > 0) {
      const step = this.#steps.pop();
      if (step === undefined) break;
      try {
        await step.run();
      } catch (error) {
        failures.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}
