// Who acts on the platform (docs/adr/0011). Both kinds are written to platform_audit_log.

/**
 * A signed-in user found in platform_staff during this request. Only `loadStaffMember` makes one
 * (the brand cannot be spelled elsewhere), so holding one means the check was made.
 */
export type StaffMember = {
  readonly type: "staff";
  readonly userId: string;
  readonly email: string;
  readonly __checked: unique symbol;
};

/**
 * Someone at a console running `npm run staff` with the database's credentials: already able to
 * do anything, so nothing is checked, but everything is recorded under the name they run as.
 */
export type Operator = { readonly type: "operator"; readonly name: string };

export type PlatformActor = StaffMember | Operator;

export function platformActorId(actor: PlatformActor): string {
  return actor.type === "staff" ? actor.userId : actor.name;
}
