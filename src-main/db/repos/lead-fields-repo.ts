import type { Db } from '../open-database.ts';
import type { LeadDateField } from '../../../shared/domain/automation.ts';

/** What automation reads from a lead (a customer held by a dealer account), and obeys. */
export interface LeadFieldsRow {
  id: number;
  customer_id: number;
  dealer_account_id: number;
  source: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  automation_excluded: number;
  test_drive_at: number | null;
  follow_up_at: number | null;
  vehicle: string | null;
  salesperson: string | null;
}

export interface LeadFieldsChange {
  testDriveAt?: number | null;
  followUpAt?: number | null;
  vehicle?: string | null;
  salesperson?: string | null;
  closed?: boolean;
  automationExcluded?: boolean;
}

/** A lead's automation fields (migration 011): dates, vehicle, salesperson, closed, excluded. */
export class LeadFieldsRepo {
  private readonly getStmt;
  private readonly byIdStmt;
  private readonly updateStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[number, number], LeadFieldsRow>(
      `SELECT id, customer_id, dealer_account_id, source, created_at, updated_at, closed_at, automation_excluded,
         test_drive_at, follow_up_at, vehicle, salesperson
       FROM leads WHERE customer_id = ? AND dealer_account_id = ?`,
    );
    this.byIdStmt = db.prepare<[number], LeadFieldsRow>(
      `SELECT id, customer_id, dealer_account_id, source, created_at, updated_at, closed_at, automation_excluded,
         test_drive_at, follow_up_at, vehicle, salesperson FROM leads WHERE id = ?`,
    );
    this.updateStmt = db.prepare(
      `UPDATE leads SET test_drive_at = @testDriveAt, follow_up_at = @followUpAt, vehicle = @vehicle, salesperson = @salesperson,
         closed_at = @closedAt, automation_excluded = @excluded, updated_at = @updatedAt WHERE id = @id`,
    );
  }

  get(customerId: number, dealerAccountId: number): LeadFieldsRow | undefined {
    return this.getStmt.get(customerId, dealerAccountId);
  }
  byId(id: number): LeadFieldsRow | undefined {
    return this.byIdStmt.get(id);
  }

  /**
   * Applies a change. Dates, vehicle, salesperson and closing count as updating the lead
   * (`updated_at`, what "lead not updated" watches); the automation switch does not.
   */
  update(lead: LeadFieldsRow, change: LeadFieldsChange, now: number): void {
    const touches = (['testDriveAt', 'followUpAt', 'vehicle', 'salesperson', 'closed'] as const).some((k) => change[k] !== undefined);
    this.updateStmt.run({
      id: lead.id,
      testDriveAt: change.testDriveAt !== undefined ? change.testDriveAt : lead.test_drive_at,
      followUpAt: change.followUpAt !== undefined ? change.followUpAt : lead.follow_up_at,
      vehicle: change.vehicle !== undefined ? change.vehicle : lead.vehicle,
      salesperson: change.salesperson !== undefined ? change.salesperson : lead.salesperson,
      closedAt: change.closed === undefined ? lead.closed_at : change.closed ? (lead.closed_at ?? now) : null,
      excluded: change.automationExcluded === undefined ? lead.automation_excluded : change.automationExcluded ? 1 : 0,
      updatedAt: touches ? now : lead.updated_at,
    });
  }

  /** The lead's value of a watched date. */
  static dateOf(lead: LeadFieldsRow, field: LeadDateField): number | null {
    return field === 'test_drive_at' ? lead.test_drive_at : lead.follow_up_at;
  }
}
