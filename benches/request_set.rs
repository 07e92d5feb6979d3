//! Deterministic, realistic request set for the request benchmarks: mostly benign subresources
//! of real-looking pages, a few percent trackers from the built-in list's vendors.
//!
//! The same set is written to `target/bench/requests.jsonl` by `benches/request.rs` so the Wasm
//! benchmark (`benches/wasm/request.mjs`) times the very same requests.

/// One request of the set.
pub struct BenchRequest {
    pub url: String,
    pub rtype: &'static str,
    pub initiator: String,
}

const SITES: [&str; 24] = [
    "https://www.nytimes.com/",
    "https://shop.example.com/",
    "https://www.bbc.co.uk/news",
    "https://www.amazon.de/",
    "https://github.com/rust-lang/rust",
    "https://stackoverflow.com/questions",
    "https://www.reddit.com/r/rust/",
    "https://news.ycombinator.com/",
    "https://www.booking.com/",
    "https://www.theguardian.com/uk",
    "https://www.airbnb.com/",
    "https://www.etsy.com/",
    "https://www.spiegel.de/",
    "https://www.lemonde.fr/",
    "https://medium.com/",
    "https://www.zillow.com/",
    "https://www.walmart.com/",
    "https://www.bestbuy.com/",
    "https://www.ikea.com/",
    "https://www.yelp.com/",
    "https://www.imdb.com/",
    "https://www.wikipedia.org/",
    "https://www.shopify.com/",
    "https://www.notion.so/",
];

const BENIGN_HOSTS: [&str; 40] = [
    "cdn.jsdelivr.net",
    "fonts.gstatic.com",
    "fonts.googleapis.com",
    "ajax.googleapis.com",
    "www.google-analytics.com",
    "www.googletagmanager.com",
    "static.xx.fbcdn.net",
    "i.ytimg.com",
    "www.youtube.com",
    "cdnjs.cloudflare.com",
    "unpkg.com",
    "code.jquery.com",
    "images.unsplash.com",
    "assets.website-files.com",
    "static.cloudflareinsights.com",
    "js.stripe.com",
    "api.stripe.com",
    "maps.googleapis.com",
    "www.gstatic.com",
    "pbs.twimg.com",
    "abs.twimg.com",
    "platform.twitter.com",
    "s3.amazonaws.com",
    "d1xyz.cloudfront.net",
    "cdn.shopify.com",
    "media.giphy.com",
    "player.vimeo.com",
    "i.imgur.com",
    "cdn.optimizely.com",
    "widget.intercom.io",
    "js.hs-scripts.com",
    "cdn.segment.com",
    "api.segment.io",
    "www.recaptcha.net",
    "challenges.cloudflare.com",
    "sentry.io",
    "cdn.cookielaw.org",
    "geolocation.onetrust.com",
    "graph.facebook.com",
    "connect.facebook.net",
];

const TRACKERS: [&str; 24] = [
    "https://static.hotjar.com/c/hotjar-1234.js?sv=7",
    "https://in.hotjar.com/api/v2/client/sites/1234/visit-data",
    "https://edge.fullstory.com/s/fs.js",
    "https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1&Seq=4",
    "https://www.clarity.ms/tag/abcd1234",
    "https://k.clarity.ms/collect",
    "https://r.lr-ingest.io/i?a=abc%2Fshop&r=5-1",
    "https://cdn.mouseflow.com/projects/7a1b.js",
    "https://us.i.posthog.com/s/?compression=gzip-js&ip=0",
    "https://browser-intake-datadoghq.com/api/v2/replay?ddsource=browser",
    "https://api-sr.amplitude.com/sessions/v2/track",
    "https://api-js.mixpanel.com/record/?seq=2",
    "https://api.openreplay.com/ingest/v1/web/i",
    "https://connect.facebook.net/en_US/fbevents.js",
    "https://connect.facebook.net/signals/config/1234567890123?v=2.9.180&r=stable",
    "https://www.facebook.com/tr/?id=1234567890123&ev=PageView&dl=https%3A%2F%2Fx%2F&rl=&if=false&ts=1&sw=1920&sh=1080&v=2.9.180&r=stable&ec=0",
    "https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=C1",
    "https://px.ads.linkedin.com/collect?v=2&fmt=js&pid=1",
    "https://ct.pinterest.com/v3/?event=init&tid=2612",
    "https://alb.reddit.com/rp.gif?ts=1&id=t2_a",
    "https://client.px-cloud.net/PXabc123/main.min.js",
    "https://js.datadome.co/tags.js",
    "wss://ws3.hotjar.com/api/v2/client/ws",
    "https://mc.yandex.ru/webvisor/1234?wv-part=1",
];

const DIRS: [&str; 12] = [
    "static",
    "assets",
    "js",
    "css",
    "img",
    "api/v1",
    "media",
    "npm",
    "gtag",
    "s/player",
    "ajax/libs",
    "dist",
];
const NAMES: [&str; 12] = [
    "app",
    "main",
    "vendor",
    "bundle",
    "index",
    "runtime",
    "chunk",
    "logo",
    "hero",
    "widget",
    "analytics",
    "sdk",
];
const EXTS: [(&str, &str); 8] = [
    ("js", "script"),
    ("js", "script"),
    ("css", "stylesheet"),
    ("png", "image"),
    ("jpg", "image"),
    ("woff2", "font"),
    ("json", "xmlhttprequest"),
    ("svg", "image"),
];

/// Small LCG: the same set on every platform and run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.next() % xs.len()]
    }
}

/// `n` requests; about 4% go to trackers.
pub fn generate(n: usize) -> Vec<BenchRequest> {
    generate_with_hosts(n, &[])
}

/// The hosts of a list's plain `||host^` filters: where the requests a subscriber's browser
/// would send to listed servers go.
pub fn listed_hosts(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("||")?.strip_suffix('^'))
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        .map(str::to_string)
        .collect()
}

/// [`generate`], with about 8% of the requests (in place of benign ones) going to `hosts`
/// (some to a subdomain), as scripts, pixels and XHRs under real-looking paths.
pub fn generate_with_hosts(n: usize, hosts: &[String]) -> Vec<BenchRequest> {
    let mut r = Lcg(0x6b65_7976_6569_6c00);
    (0..n)
        .map(|i| {
            let site = *r.pick(&SITES);
            if r.next() % 100 < 4 {
                let url = r.pick(&TRACKERS).to_string();
                let rtype = if url.starts_with("wss:") {
                    "websocket"
                } else if url.ends_with(".js")
                    || url.contains(".js?")
                    || url.contains("/tag/")
                    || url.contains("config")
                {
                    "script"
                } else if url.contains("/tr/") || url.contains(".gif") || url.contains("collect?") {
                    "image"
                } else {
                    "xmlhttprequest"
                };
                return BenchRequest {
                    url,
                    rtype,
                    initiator: site.to_string(),
                };
            }
            if !hosts.is_empty() && r.next() % 100 < 8 {
                let h = r.pick(hosts);
                let sub = if r.next() % 4 == 0 { "cdn." } else { "" };
                let (ext, rtype) = *r.pick(&EXTS);
                return BenchRequest {
                    url: format!(
                        "https://{sub}{h}/{}/{}.{ext}?t={}",
                        r.pick(&DIRS),
                        r.pick(&NAMES),
                        r.next() % 99_999
                    ),
                    rtype,
                    initiator: site.to_string(),
                };
            }
            let (ext, rtype) = *r.pick(&EXTS);
            // A third of the subresources are the site's own.
            let host = if r.next() % 3 == 0 {
                site.split('/').nth(2).unwrap_or("example.com").to_string()
            } else {
                r.pick(&BENIGN_HOSTS).to_string()
            };
            let q = match r.next() % 4 {
                0 => format!("?v={}", r.next() % 10_000),
                1 => format!("?id={}&lang=en&t={}", r.next() % 999_999, i),
                _ => String::new(),
            };
            let url = format!(
                "https://{host}/{}/{}.{:x}.{ext}{q}",
                r.pick(&DIRS),
                r.pick(&NAMES),
                r.next() % 0xffff_ffff
            );
            BenchRequest {
                url,
                rtype,
                initiator: site.to_string(),
            }
        })
        .collect()
}
