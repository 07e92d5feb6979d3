// Runs in: the isolated content-script world, at document_start, in every frame. The only
// path between the page and the background: it checks the shape and size of what the
// MAIN-world hook says (the page drives the hook, so its reports are claims), rate-limits it
// and forwards it; it hands the hook the policy the core resolved, on a private channel the
// page cannot reach (see the handshake below); and it remembers the values typed into fields
// here, in the isolated world, where page scripts cannot read them, so the core can prove a
// leak. Typed values go to the background only in memory, for that check, and are never
// stored or shown.
