#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The newcomer's journeys in real headless Chromium, against the real server (with a
//! real SMTP server on loopback), one story from the set-up page to the fail board:
//!
//! (a) first run, (b) the month's rotation, (c) the presenter's template from the email
//! link, on a phone, (c2) the owner's brief and fact-check, (d) the meeting (the start
//! screen, ending, reopening), (e) the fail board; (f) single sign-on; (g) a presenter
//! who reads Swedish fills in the template, and the page in Danish and Indonesian.
//!
//! Every step asserts what a person would see and saves a screenshot under
//! `target/screenshots/`; the main pages are checked with axe-core.

#[path = "../api/helpers.rs"]
mod helpers;
#[path = "../api/oidc_provider.rs"]
#[allow(dead_code)]
mod oidc_provider;
#[path = "../api/smtp.rs"]
#[allow(dead_code)]
mod smtp;

mod driver;
mod journeys;

use driver::Tools;
use smtp::SmtpSink;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_from_first_run_to_the_fail_board() {
    let Some(tools) = Tools::find() else {
        return;
    };
    let sink = SmtpSink::start();
    let smtp_url = sink.url();
    let app = helpers::spawn_app_with(|s| {
        s.smtp_url = Some(smtp_url);
        s.run_mail_sender = true;
        s.mail_poll = std::time::Duration::from_millis(100);
    })
    .await;

    let manager = tools.launch().await;
    let team = journeys::first_run(&manager.tab(&app.address, "a-first-run")).await;
    let month = journeys::rotation(&manager.tab(&app.address, "b-rotation"), &team).await;

    let presenter = tools.launch().await;
    let card_title = {
        let tab = presenter.tab(&app.address, "c-presenter");
        journeys::presenter(&tab, &app, &sink, &month).await;
        let owner = tools.launch().await;
        journeys::owner(&owner.tab(&app.address, "c2-owner"), &app, &sink).await;
        owner.close().await;
        journeys::meeting(&manager.tab(&app.address, "d-meeting"), &month).await
    };
    journeys::fail_board(&manager.tab(&app.address, "e-fail-board"), &card_title).await;

    presenter.close().await;
    manager.close().await;
    app.stop().await;
}

/// The demo team's pages, full of data (charts, history, boards): each is photographed
/// (the README's pictures come from here) and checked with axe-core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_team_pages_read_well_and_pass_axe() {
    let Some(tools) = Tools::find() else {
        return;
    };
    let app = helpers::spawn_app().await;
    let logins = app.fill_demo();
    let chrome = tools.launch().await;
    journeys::demo_tour(&chrome.tab(&app.address, "demo"), &logins).await;
    chrome.close().await;
    app.stop().await;
}

/// A member signs in through the company's identity provider (a real OpenID Provider on
/// loopback), on its own login page, and signs out of both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_signs_in_through_the_company_provider() {
    let Some(tools) = Tools::find() else {
        return;
    };
    let Some(provider) = oidc_provider::Provider::start() else {
        return;
    };
    let oidc = provider.settings();
    let app = helpers::spawn_app_with(move |s| s.oidc = Some(oidc)).await;
    app.add_manager("Mona", "mona@example.com");
    app.add_member("Ada Lovelace", "ada@example.com", "SEO", "member");
    provider.account("ada", "ada@example.com", true).await;
    let chrome = tools.launch().await;
    journeys::single_sign_on(
        &chrome.tab(&app.address, "f-single-sign-on"),
        &provider.issuer,
        oidc_provider::BUTTON,
    )
    .await;
    chrome.close().await;
    app.stop().await;
}

/// A presenter whose browser and account are Swedish signs in and fills in the
/// template in Swedish, typing the value the Swedish way; the same page in Danish and
/// Indonesian is photographed for the README.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_presenter_fills_in_the_template_in_swedish() {
    let Some(tools) = Tools::find() else {
        return;
    };
    let app = helpers::spawn_app().await;
    let (presenter, assignment) = journeys::a_published_month(&app).await;
    for (lang, browser_lang, journey) in [
        ("sv", "sv-SE", "g-language-sv"),
        ("da", "da-DK", "g-language-da"),
        ("id", "id-ID", "g-language-id"),
    ] {
        let chrome = tools.launch_in(browser_lang).await;
        let tab = chrome.tab(&app.address, journey);
        journeys::presenter_in_language(&tab, &app, &presenter, assignment, lang).await;
        chrome.close().await;
    }
    app.stop().await;
}
