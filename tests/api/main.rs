#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Integration tests: each test spawns the real server on 127.0.0.1:0 with its own
//! SQLite file and drives it over HTTP like a browser or a script would.

mod api;
mod auth;
mod boards;
mod cli;
mod crawl;
mod dashboard;
mod faults;
mod fuzz;
mod hardening;
mod helpers;
mod languages;
mod mail;
mod meeting;
mod members;
mod memo;
mod metrics;
mod oidc_provider;
mod plan;
mod presentations;
mod real_month;
mod review_pages;
mod reviews;
mod security;
mod sessions;
mod signals;
mod smtp;
mod sso;
mod values;
