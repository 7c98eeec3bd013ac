import postgres from "postgres";

// The learning loop's data for the large tenant (npm run seed:large): `signals` learning signals
// over its conversations, a quarter of them questions the agent could not answer, clustered into
// about one gap per hundred signals. Generated inside PostgreSQL (one INSERT … SELECT over
// generate_series per table), so 200,000 signals take seconds. The gaps' counts, dates and impact
// are then computed from their signals as the learning job would (lib/learning/gap-store.ts).

// What French callers of an agency ask that an agent may not know: a subject and a place, so
// about 40 × 50 different questions (the gaps' canonical questions).
const ASKS = [
  "Est-ce que les animaux sont acceptés",
  "Y a-t-il une place de parking",
  "Quel est le montant des charges",
  "Le logement est-il meublé",
  "Quelle est la classe énergie",
  "Peut-on visiter ce samedi",
  "Le dépôt de garantie est-il négociable",
  "Y a-t-il un ascenseur",
  "Quelle est la taxe foncière",
  "Le quartier est-il calme le soir",
  "Y a-t-il une école à proximité",
  "La cuisine est-elle équipée",
  "Peut-on installer une borne de recharge",
  "Le chauffage est-il collectif",
  "Y a-t-il la fibre",
  "Les travaux de la façade sont-ils votés",
  "Acceptez-vous la garantie Visale",
  "Le bail peut-il commencer le mois prochain",
  "Y a-t-il une cave",
  "La copropriété a-t-elle un syndic professionnel",
  "Les frais d'agence sont-ils inclus",
  "Peut-on faire une offre en dessous du prix",
  "Le balcon est-il exposé au sud",
  "Y a-t-il des transports en commun",
  "Le diagnostic amiante est-il disponible",
  "Peut-on sous-louer",
  "La colocation est-elle possible",
  "Le jardin est-il privatif",
  "Y a-t-il un gardien",
  "Les fenêtres sont-elles en double vitrage",
  "Le logement est-il accessible en fauteuil",
  "Combien de temps pour obtenir les clés",
  "Faut-il un garant",
  "Peut-on repeindre les murs",
  "La piscine est-elle ouverte toute l'année",
  "Y a-t-il des nuisances sonores",
  "Le prix est-il ferme",
  "Les charges comprennent-elles l'eau chaude",
  "Y a-t-il un local à vélos",
  "Le bien est-il en zone inondable",
];
const PLACES = [
  "rue Paradis",
  "au Vieux-Port",
  "à la Joliette",
  "au Panier",
  "à Castellane",
  "à Endoume",
  "au Roucas-Blanc",
  "à Sainte-Marguerite",
  "à Mazargues",
  "à Saint-Barnabé",
  "à Bonneveine",
  "à la Pointe-Rouge",
  "aux Goudes",
  "à Saint-Giniez",
  "au Prado",
  "à Périer",
  "à Vauban",
  "à Notre-Dame-du-Mont",
  "au Cours Julien",
  "à Longchamp",
  "aux Chartreux",
  "à la Belle-de-Mai",
  "à Saint-Just",
  "à Château-Gombert",
  "à l'Estaque",
  "à Saint-Henri",
  "à Sainte-Anne",
  "aux Catalans",
  "au Pharo",
  "à Malmousque",
  "à la Corniche",
  "à Saint-Victor",
  "à Baille",
  "à la Timone",
  "à Saint-Loup",
  "à la Valentine",
  "aux Camoins",
  "à Allauch",
  "à Plan-de-Cuques",
  "à Cassis",
  "à Aubagne",
  "à La Ciotat",
  "à Aix",
  "à Gémenos",
  "à Carnoux",
  "au Rove",
  "à Septèmes",
  "à Marseille centre",
  "à Bompard",
  "à Montredon",
];
const DEFLECTIONS = [
  "Je ne sais pas, je vais me renseigner et on vous rappelle.",
  "Je n'ai pas cette information, un conseiller vous rappellera.",
  "Je ne suis pas sûre, laissez-moi vérifier avec l'équipe.",
];
const ANSWERS = [
  "Oui, tout à fait, je vous envoie les détails par SMS.",
  "Bien sûr, c'est indiqué dans l'annonce : je vous la renvoie.",
  "Oui, et l'agent pourra vous le confirmer lors de la visite.",
];

export async function generateLearningData(
  url: string,
  orgId: string,
  signals: number,
): Promise<{ signals: number; gaps: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const gaps = Math.max(1, Math.round(signals / 100));
  try {
    return await sql.begin(async (tx) => {
      await tx`set local role luneo_system`;
      const [count] = await tx<{ n: number }[]>`
        select count(*)::int as n from learning_signals where org_id = ${orgId}`;
      if ((count?.n ?? 0) > 0) return { signals: 0, gaps: 0 };
      // Gaps: mostly open, some approved (with an answer), dismissed and expired.
      await tx`
        insert into learning_gaps (org_id, id, language, status, canonical_question, first_seen_at,
                                   last_seen_at, answer, knowledge_id, decided_at)
        select ${orgId}, gen_random_uuid(), 'fr',
               (array['open','open','open','open','open','open','approved','dismissed','expired'])[1 + g % 9],
               (${ASKS}::text[])[1 + g % ${ASKS.length}] || ' ' ||
                 (${PLACES}::text[])[1 + (g / ${ASKS.length}) % ${PLACES.length}] || ' ?',
               now(), now(),
               case when g % 9 = 6 then (${ANSWERS}::text[])[1 + g % 3] end,
               null,
               case when g % 9 in (6, 7) then now() - make_interval(days => g % 60) end
          from generate_series(0, ${gaps - 1}) as g`;
      // Signals: four agent turns per conversation over the tenant's conversations, spread over
      // the last 180 days; every fourth one a question the agent could not answer, put in a gap.
      const [inserted] = await tx<{ n: number }[]>`
        with gap as (
          select id, canonical_question, row_number() over (order by id) - 1 as k
            from learning_gaps where org_id = ${orgId}
        ), conv as (
          select id, contact_id, channel, row_number() over (order by id) - 1 as k
            from conversations where org_id = ${orgId}
        ), slot as (
          select s, (select count(*) from conv) as convs from generate_series(0, ${signals - 1}) as s
        ), ins as (
          insert into learning_signals (org_id, conversation_id, seq, contact_id, channel, question,
                                        answer, outcome, language, detector, detector_version,
                                        occurred_at, gap_id)
          select ${orgId}, conv.id, 2 * (slot.s / slot.convs)::int + 2, conv.contact_id, conv.channel,
                 case when slot.s % 4 = 0 then gap.canonical_question
                      else (${ASKS}::text[])[1 + (slot.s * 7) % ${ASKS.length}] || ' ?' end,
                 case when slot.s % 4 = 0 then (${DEFLECTIONS}::text[])[1 + slot.s % 3]
                      else (${ANSWERS}::text[])[1 + slot.s % 3] end,
                 case when slot.s % 4 = 0 then (case when slot.s % 20 = 0 then 'negative' else 'deflected' end)
                      when slot.s % 31 = 1 then 'escalated'
                      else 'answered' end,
                 'fr', 'rules', 1,
                 now() - make_interval(secs => (slot.s * 77.0) % (180 * 86400)),
                 case when slot.s % 4 = 0 then gap.id end
            from slot
            join conv on conv.k = slot.s % slot.convs
            join gap on gap.k = (slot.s / 4) % ${gaps}
          returning 1
        )
        select count(*)::int as n from ins`;
      // The gaps' figures from their signals, as the learning job computes them (rank.ts).
      await tx`
        update learning_gaps g
           set signal_count = a.n, caller_count = a.callers, first_seen_at = a.first,
               last_seen_at = a.last,
               impact = (a.n + 2 * a.callers) * power(0.5, extract(epoch from now() - a.last) / 86400 / 14)
          from (select gap_id, count(*)::int as n, count(distinct contact_id)::int as callers,
                       min(occurred_at) as first, max(occurred_at) as last
                  from learning_signals where org_id = ${orgId} and gap_id is not null
                 group by gap_id) a
         where g.org_id = ${orgId} and g.id = a.gap_id`;
      await tx`reset role`;
      await tx`analyze learning_signals`;
      await tx`analyze learning_gaps`;
      return { signals: inserted?.n ?? 0, gaps };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
