// The indicator list has nothing that needs JavaScript: its filters are GET forms, the sparklines
// are SVG and the header works without scripts (issue 19). Hydrating its ~1,200 elements was the
// page's main-thread cost on a phone (Lighthouse TBT 136–230 ms, score 93–95), so the page is sent
// as HTML and CSS only; links from it load the next page in full.
export const csr = false;
