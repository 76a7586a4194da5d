//! The stylesheet and scripts, embedded and served under names that carry a hash of
//! their content, so browsers may cache them for a year.

use sha2::{Digest, Sha256};

pub struct Asset {
    pub name: &'static str,
    pub hashed_name: String,
    pub content_type: &'static str,
    pub body: &'static str,
}

pub struct Assets(Vec<Asset>);

const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../static/app.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../static/favicon.svg"),
    ),
    (
        "meeting.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/meeting.js"),
    ),
];

impl Assets {
    pub fn load() -> Self {
        Self(
            FILES
                .iter()
                .map(|(name, content_type, body)| {
                    let hash = hex::encode(&Sha256::digest(body.as_bytes())[..6]);
                    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
                    Asset {
                        name,
                        hashed_name: format!("{stem}.{hash}.{ext}"),
                        content_type,
                        body,
                    }
                })
                .collect(),
        )
    }

    /// The URL of `name`, with its content hash.
    pub fn url(&self, name: &str) -> String {
        self.0.iter().find(|a| a.name == name).map_or_else(
            || format!("/static/{name}"),
            |a| format!("/static/{}", a.hashed_name),
        )
    }

    /// Look an asset up by its hashed name (long cache) or plain name (short cache).
    pub fn find(&self, file: &str) -> Option<(&Asset, bool)> {
        self.0.iter().find_map(|a| {
            if a.hashed_name == file {
                Some((a, true))
            } else if a.name == file {
                Some((a, false))
            } else {
                None
            }
        })
    }
}
