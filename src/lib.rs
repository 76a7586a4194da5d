//! kpi-rotation: run a team's monthly KPI review with rotating presenters.
//!
//! Layers, from the inside out: `domain` (pure rules), `models` (one file per table),
//! `services` (use cases in transactions), `routes` (thin HTTP handlers for pages and
//! the JSON API), `views` (templates and charts), `startup` (wiring).

pub mod assets;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod error_pages;
pub mod i18n;
pub mod mail;
pub mod models;
pub mod oidc;
pub mod routes;
pub mod schema;
pub mod secrets;
pub mod services;
pub mod session_cache;
pub mod startup;
pub mod state;
pub mod views;
