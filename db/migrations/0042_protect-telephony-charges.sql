-- Twilio's charges are tenant rows like the rest of the ROI tables (docs/adr/0002).
SELECT luneo_protect_tenant_table('telephony_charges');
