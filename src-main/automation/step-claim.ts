// The hook a group of desks backs (R11/R12): before a desk reserves an automation step in its own
// store, it claims the step group-wide, so that two desks running the same rule over the same
// shared leads release it once between them. A lone desk claims everything (its own store's
// reservation, UNIQUE (enrolment, position) and the guarded status change, is the whole story).

/** What names one step of one customer's enrolment, the same on every desk. */
export interface StepClaimKey {
  ruleId: number;
  customerId: number;
  /** The trigger occurrence the customer was enrolled for ('lead_created:12', 'no_reply:4051' …). */
  triggerKey: string;
  /** When the trigger occurred (the lead created, the message sent …): the same on every desk for the same occurrence. */
  anchorAt: number | null;
  /** 1-based step position. */
  position: number;
  /** This desk's step run (local id, for the claimant's own bookkeeping). */
  stepRunId: number;
}

export type ClaimResult = { claimed: true } | { claimed: false; reason: string };

export interface StepClaim {
  /**
   * Claims the step for this desk. Called before the local reservation; a step claimed elsewhere
   * is recorded as skipped with the reason. A claim that cannot be decided now (the group server
   * unreachable) should throw: the step stays due and is tried again on a later tick.
   */
  claim(key: StepClaimKey): ClaimResult | Promise<ClaimResult>;
}

/** A desk with no group server: every step is this desk's. */
export const localStepClaim: StepClaim = {
  claim: () => ({ claimed: true }),
};
