import "server-only";
import { readPlatformHealth, type PlatformHealth } from "@/lib/health/platform";
import type { StaffMember } from "./actor";
import { withStaff } from "./scope";

/** The platform's health across orgs for /staff/health: a cross-org read, audited. */
export async function platformHealthForStaff(staff: StaffMember): Promise<PlatformHealth> {
  return withStaff(
    staff,
    { what: "health.platform", reason: "staff platform health page" },
    readPlatformHealth,
  );
}
