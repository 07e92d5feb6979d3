// Runs in: the page's MAIN world, at document_start, in every frame the browser lets it reach.
// It must run there to see which page script registers which input listener and to stand
// between a recorder and the events it receives; but it shares that world with the page, so
// it holds no privilege, asks nothing synchronously, and everything it says the bridge treats
// as a claim made by a hostile page. It decides nothing: the policy (which script gets
// `block`, `fuzz` or `allow`, which events count as input, the noise itself) comes from the
// Rust core through the bridge, and the hook only looks it up at dispatch time.
