-- Custom data migration (not generated). A call or thread without a word from the caller no longer
-- adds anything to memory (lib/memory/offline-summariser.ts). Summaries written before said "A call
-- with no recorded words from the caller." once per such call, and the agent heard every one of
-- them at the start of each call. Drop those sentences from the conversations and from the stored
-- rolling summaries (and the agent brief, which carries the same text); the contact's next summary
-- rebuilds the rest the new way.
UPDATE conversations SET summary = NULL
 WHERE summary_source = 'offline'
   AND summary IN ('A call with no recorded words from the caller.',
                   'An SMS thread with no text from the caller.',
                   'A chat with no message from the visitor.');
--> statement-breakpoint
UPDATE contact_memory
   SET summary = btrim(regexp_replace(summary,
         '[0-9]{1,2} [A-Za-z]{3,4} \((call|SMS|chat)\): (A call with no recorded words from the caller|An SMS thread with no text from the caller|A chat with no message from the visitor)\.\s*',
         '', 'g')),
       agent_brief = CASE
         WHEN agent_brief ? 'customerSummary' THEN jsonb_set(agent_brief, '{customerSummary}',
           to_jsonb(btrim(regexp_replace(agent_brief->>'customerSummary',
             '[0-9]{1,2} [A-Za-z]{3,4} \((call|SMS|chat)\): (A call with no recorded words from the caller|An SMS thread with no text from the caller|A chat with no message from the visitor)\.\s*',
             '', 'g'))))
         ELSE agent_brief END
 WHERE summary ~ '(no recorded words from the caller|no text from the caller|no message from the visitor)\.';
