"""Pages of the conference: public (event, programme, exports), personal (registration, ticket,
agenda, abstracts), the organisers' (dashboard, registrations, programme, review, import,
badges) and the gate staff's scanner."""
