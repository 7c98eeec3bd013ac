"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { COMPONENT_IDS, INCIDENT_STATUSES, type IncidentStatus } from "@/db/schema/health";
import { COMPONENT_NAMES, STATUS_NAMES } from "@/lib/health/compute";
import {
  openIncidentAction,
  postIncidentUpdateAction,
  writePostmortemAction,
} from "@/lib/health/server-actions";
import { INCIDENT_STATUS_NAMES } from "@/lib/health/words";

export function OpenIncidentForm() {
  const [state, action, pending] = useActionState(openIncidentAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state?.values;
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Open an incident">
      <TextField
        label="Title"
        name="title"
        placeholder="Calls to the showroom go unanswered"
        defaultValue={typed?.title}
        errors={errors?.title}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Component (optional)"
          name="component"
          defaultValue={typed?.component ?? ""}
          errors={errors?.component}
        >
          <option value="">None in particular</option>
          {COMPONENT_IDS.map((c) => (
            <option key={c} value={c}>
              {COMPONENT_NAMES[c]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Impact"
          name="impact"
          defaultValue={typed?.impact ?? "partial_outage"}
          errors={errors?.impact}
        >
          {(["degraded_performance", "partial_outage", "major_outage"] as const).map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField
        label="First update"
        name="body"
        placeholder="What people notice, and what you are doing about it."
        hint="Shown as written on your public status page when it is on: no names or numbers of customers."
        defaultValue={typed?.body}
        errors={errors?.body}
      />
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Opening…" : "Open incident"}
      </Button>
    </form>
  );
}

export function IncidentUpdateForm({
  incidentId,
  current,
}: {
  incidentId: string;
  current: IncidentStatus;
}) {
  const [state, action, pending] = useActionState(postIncidentUpdateAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Post an update">
      <input type="hidden" name="incidentId" value={incidentId} />
      <SelectField
        label="Status"
        name="status"
        defaultValue={typed?.status ?? current}
        errors={errors?.status}
      >
        {INCIDENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {INCIDENT_STATUS_NAMES[s]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Update"
        name="body"
        placeholder="What changed since the last update."
        hint="Shown as written on your public status page when it is on: no names or numbers of customers."
        defaultValue={typed?.body}
        errors={errors?.body}
      />
      <FormMessage state={state} />
      {state?.ok ? <p className="text-sm text-green-700">Update posted.</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Posting…" : "Post update"}
      </Button>
    </form>
  );
}

export function PostmortemForm({
  incidentId,
  postmortem,
}: {
  incidentId: string;
  postmortem: string | null;
}) {
  const [state, action, pending] = useActionState(writePostmortemAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Postmortem">
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextAreaField
        label="Postmortem"
        name="postmortem"
        rows={8}
        placeholder="What happened, why, how it was found, and what changes so it does not happen again."
        defaultValue={typed?.postmortem ?? postmortem ?? ""}
        errors={errors?.postmortem}
      />
      <FormMessage state={state} />
      {state?.ok ? <p className="text-sm text-green-700">Postmortem saved.</p> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save postmortem"}
      </Button>
    </form>
  );
}
