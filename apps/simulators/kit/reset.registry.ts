export interface Resettable {
  reset(): void;
}

/** Simulator state registers here so POST /admin/reset empties all of it. */
export class ResetRegistry {
  private readonly members: Resettable[] = [];

  add(member: Resettable): void {
    this.members.push(member);
  }

  resetAll(): void {
    for (const member of this.members) member.reset();
  }
}
