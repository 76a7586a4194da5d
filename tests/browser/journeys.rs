//! The five journeys, each as a person would go through it.

use std::time::Duration;

use crate::driver::Tab;
use crate::helpers::TestApp;
use crate::smtp::{readable, SmtpSink};

pub const MANAGER_EMAIL: &str = "maria@example.com";
const PASSWORD: &str = "correct horse battery staple";

/// The team the first run creates: (name, email, department), with the metric each owns.
pub struct Team {
    pub members: Vec<(&'static str, &'static str, &'static str, &'static str)>,
}

/// (a) Set-up page, first manager, three members, three starter metrics, a North Star.
pub async fn first_run(tab: &Tab<'_>) -> Team {
    tab.goto("/").await;
    assert_eq!(
        tab.path().await,
        "/setup",
        "a fresh install opens the set-up page"
    );
    assert_eq!(tab.heading().await, "Welcome to kpi-rotation");
    tab.inspect("setup").await;

    tab.fill("Your name", "Maria Manager").await;
    tab.fill("Email", MANAGER_EMAIL).await;
    tab.fill("Password", PASSWORD).await;
    tab.fill("Repeat the password", PASSWORD).await;
    tab.press("Create the manager account").await;
    tab.see("Maria Manager").await;
    tab.shot("signed-in").await;

    let team = Team {
        members: vec![
            ("Ada Lovelace", "ada@example.com", "SEO", "Traffic"),
            ("Ben Okafor", "ben@example.com", "Paid", "Conversion rate"),
            ("Cleo Park", "cleo@example.com", "Customer service", "NPS"),
        ],
    };
    for (name, email, department, _) in &team.members {
        tab.goto("/members/new").await;
        tab.fill("Name", name).await;
        tab.fill("Email", email).await;
        tab.fill("Department", department).await;
        tab.press("Add member").await;
        assert_eq!(tab.heading().await, format!("{name} is invited"));
    }
    tab.goto("/members").await;
    for (name, _, department, _) in &team.members {
        tab.see(name).await;
        tab.see(department).await;
    }
    tab.inspect("members").await;

    tab.goto("/metrics/starter").await;
    assert_eq!(tab.heading().await, "Starter library");
    tab.inspect("starter-library").await;
    for (name, _, department, metric) in &team.members {
        tab.tick(metric).await;
        tab.select(
            &format!("Owner of {metric}"),
            &format!("{name} ({department})"),
        )
        .await;
    }
    tab.press("Add the ticked metrics").await;
    for (_, _, _, metric) in &team.members {
        tab.see(metric).await;
    }
    tab.shot("metrics-added").await;

    tab.follow("Traffic").await;
    tab.follow("Edit").await;
    tab.tick("North Star").await;
    tab.press("Save").await;
    tab.goto("/").await;
    tab.see("North Star").await;
    tab.see("Traffic").await;
    tab.inspect("dashboard").await;
    let first = tab.tab_to_visible_focus(1).await;
    assert_eq!(
        first, "Skip to content",
        "the first Tab reaches the skip link"
    );
    team
}

/// (b) Schedule next month's review, mark one member away, draw, reassign, publish.
/// Returns the review's month (`YYYY-MM`).
pub async fn rotation(tab: &Tab<'_>, team: &Team) -> String {
    tab.goto("/reviews").await;
    assert_eq!(tab.heading().await, "Monthly reviews");
    tab.see("Schedule a review").await;
    tab.inspect("reviews").await;
    let month = tab
        .labelled("Month")
        .await
        .prop("value")
        .await
        .expect("month field")
        .expect("a suggested month");
    tab.fill(
        "Place or video link",
        "Room 4 and https://meet.example.com/kpi",
    )
    .await;
    tab.press("Schedule the review").await;
    assert!(tab.heading().await.ends_with("review"));
    assert_eq!(tab.path().await, format!("/reviews/{month}"));
    tab.see("Room 4").await;

    let (away, _, away_department, _) = team.members[2];
    tab.tick(&format!("{away} ({away_department})")).await;
    tab.press("Save who is away").await;
    tab.see("away").await;

    tab.press("Draw").await;
    tab.see("Draft rotation").await;
    tab.shot("drawn").await;
    let drawn = tab.text().await;
    for (_, _, _, metric) in &team.members {
        assert!(drawn.contains(metric), "every metric is in the draw");
    }

    // Reassign NPS (Cleo's metric, Cleo is away) to Ada or Ben, whoever has not got it.
    let select = tab.labelled("New presenter for NPS").await;
    let options = select
        .find_all(fantoccini::Locator::Css("option"))
        .await
        .expect("options");
    let mut names = Vec::new();
    for option in options {
        names.push(option.text().await.expect("option text"));
    }
    let current = row_text(tab, "NPS").await;
    let new_presenter = ["Ada Lovelace", "Ben Okafor"]
        .into_iter()
        .find(|n| !current.contains(n) && names.iter().any(|o| o.starts_with(n)))
        .expect("someone else can present NPS");
    let option = names
        .iter()
        .find(|o| o.starts_with(new_presenter))
        .expect("option")
        .clone();
    select.select_by_label(&option).await.expect("choose");
    let page = tab.find("html").await;
    let button = row_button(tab, "NPS", "Reassign").await;
    button.click().await.expect("reassign");
    tab.wait_for_new_page(page, "Reassign").await;
    tab.see("Draft rotation").await;
    let after = row_text(tab, "NPS").await;
    assert!(
        after.contains(new_presenter),
        "NPS is now {new_presenter}'s: {after}"
    );
    assert!(!after.contains(away), "the away member presents nothing");

    tab.press("Publish the rotation").await;
    tab.see("Who presents what").await;
    tab.see("Run the meeting").await;
    tab.inspect("published").await;
    month
}

/// The presenter cell of `metric`'s row in the rotation table.
async fn row_text(tab: &Tab<'_>, metric: &str) -> String {
    let xpath = format!("//tr[td[1][contains(normalize-space(.), '{metric}')]]/td[3]");
    tab.client
        .find(fantoccini::Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|_| panic!("a row for {metric}"))
        .text()
        .await
        .expect("row text")
}

async fn row_button(tab: &Tab<'_>, metric: &str, button: &str) -> fantoccini::elements::Element {
    let xpath =
        format!("//tr[td[1][contains(normalize-space(.), '{metric}')]]//button[normalize-space(.)='{button}']");
    tab.client
        .find(fantoccini::Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|_| panic!("a {button} button for {metric}"))
}

/// (c) The presenter opens the link from the email the SMTP server received, on a
/// phone-sized screen, fills in the template and submits it.
pub async fn presenter(tab: &Tab<'_>, app: &TestApp, sink: &SmtpSink, month: &str) {
    let link_start = format!("{}/assignments/", app.address);
    let mut link = None;
    for _ in 0..100 {
        link = sink.messages().iter().find_map(|m| {
            let text = readable(&m.data);
            let to_member = !m.to.iter().any(|t| t.contains(MANAGER_EMAIL));
            let at = text.find(&link_start)?;
            let url: String = text[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
                .collect();
            to_member.then_some(url)
        });
        if link.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let link = link.expect("an assignment email with a link reached the SMTP server");
    let event = history_with_a_shift(app, &link, month);

    tab.client
        .set_window_size(390, 844)
        .await
        .expect("phone-sized window");
    tab.goto(&link).await;
    tab.see("Your presentation").await;
    tab.see(&month_label_fragment(month)).await;
    let fits = tab
        .client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .expect("layout probe");
    assert_eq!(
        fits,
        serde_json::Value::Bool(true),
        "no sideways scrolling on a phone"
    );
    tab.inspect("template-on-a-phone").await;

    tab.fill("The value for", "1234").await;
    let questions = tab
        .client
        .find_all(fantoccini::Locator::Css("textarea[id^='answer_']"))
        .await
        .expect("template questions");
    assert!(questions.len() >= 4, "the template asks its questions");
    for (i, question) in questions.iter().enumerate() {
        question
            .send_keys(&format!(
                "Answer {i}: the number moved because of the spring campaign; I asked Ben."
            ))
            .await
            .expect("typing");
    }
    tab.press("Save draft").await;
    tab.see("draft").await;
    // With the value in, the template says whether it is a signal, and shows the event
    // that explains the shift.
    tab.see("Signal or noise?").await;
    tab.see("is a signal of").await;
    tab.see(&event).await;
    tab.press("Submit").await;
    tab.see("submitted").await;
    tab.shot("submitted").await;
    tab.client
        .set_window_size(1280, 900)
        .await
        .expect("desktop window");
}

/// Give the metric behind `link` a year of steady months and six higher ones before the
/// data month (the month before `month`), with an event where the shift began; the
/// event's title. Then the presenter's 1234 for the data month is far outside the range.
fn history_with_a_shift(app: &TestApp, link: &str, month: &str) -> String {
    use kpi_rotation::domain::month::YearMonth;
    use kpi_rotation::models::{
        Assignment, MetricEvent, MetricValue, NewMetricEvent, NewMetricValue,
    };
    let id: i32 = link
        .split("/assignments/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse().ok())
        .expect("an assignment id in the link");
    let mut conn = app.conn();
    let metric_id = Assignment::find(&mut conn, id)
        .expect("the assignment")
        .metric_id;
    let data_month = YearMonth::parse(month).expect("a month").prev();
    let months = data_month.prev().trailing(18);
    let values = [
        1000.0, 1020.0, 980.0, 1010.0, 990.0, 1000.0, 1030.0, 970.0, 1000.0, 1010.0, 990.0, 1000.0,
        1150.0, 1160.0, 1140.0, 1150.0, 1170.0, 1150.0,
    ];
    for (m, v) in months.iter().zip(values) {
        MetricValue::upsert(
            &mut conn,
            &NewMetricValue {
                metric_id,
                month: &m.to_string(),
                value: v,
                note: "",
                updated_by: None,
                updated_at: app.now(),
            },
        )
        .expect("a value");
    }
    let title = "Tracking fixed on the checkout";
    MetricEvent::insert(
        &mut conn,
        &NewMetricEvent {
            metric_id,
            month: &months[12].to_string(),
            title,
            note: "Orders from Safari were not counted before.",
            rebase: false,
            author_id: None,
            created_at: app.now(),
        },
    )
    .expect("an event");
    title.to_string()
}

/// The first link starting with `start` in a message to someone matching `to`, waiting
/// for the mail sender to deliver it.
async fn link_in_mail(
    sink: &SmtpSink,
    wanted: impl Fn(&str) -> bool,
    start: &str,
) -> (String, String) {
    for _ in 0..100 {
        let found = sink.messages().iter().find_map(|m| {
            let text = readable(&m.data);
            if !wanted(&text) {
                return None;
            }
            let at = text.find(start)?;
            let url: String = text[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
                .collect();
            Some((m.to.first().cloned().unwrap_or_default(), url))
        });
        if let Some(found) = found {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no message with a link {start}… reached the SMTP server");
}

/// (c2) The owner of the submitted metric, asked by email to fact-check it, sets their
/// password from the invitation, on a phone: the header fits on one line; "Metrics you
/// own" leads to the presentation; the owner writes a brief and fact-checks it.
pub async fn owner(tab: &Tab<'_>, app: &TestApp, sink: &SmtpSink) {
    let (owner, check_link) = link_in_mail(
        sink,
        |text| text.contains("has submitted the presentation of your metric"),
        &format!("{}/assignments/", app.address),
    )
    .await;
    let owner_email = owner.trim_matches(|c| c == '<' || c == '>').to_string();
    let (_, password_link) = link_in_mail(
        sink,
        |text| text.contains(&owner_email) && text.contains("invited you"),
        &format!("{}/password/", app.address),
    )
    .await;
    tab.client
        .set_window_size(390, 844)
        .await
        .expect("phone-sized window");
    tab.goto(&password_link).await;
    tab.fill("New password", PASSWORD).await;
    tab.fill("Repeat it", PASSWORD).await;
    tab.press("Set password and sign in").await;
    let header = tab
        .client
        .execute(
            "var n = document.querySelector('.top nav'); return [n.getBoundingClientRect().height, document.documentElement.scrollWidth <= window.innerWidth];",
            vec![],
        )
        .await
        .expect("layout probe");
    assert!(
        header[0].as_f64().unwrap_or(100.0) < 48.0 && header[1] == serde_json::Value::Bool(true),
        "the navigation is one line on a phone, and nothing scrolls sideways: {header}"
    );
    tab.goto("/my/assignments").await;
    tab.see("Metrics you own").await;
    tab.inspect("owner-assignments-on-a-phone").await;
    tab.follow("check it").await;
    assert!(check_link.ends_with(&tab.path().await), "{check_link}");
    let badge = tab
        .client
        .execute(
            "var b = document.querySelector('.heading-row .status').getBoundingClientRect(); return b.right <= window.innerWidth && document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .expect("layout probe");
    assert_eq!(
        badge,
        serde_json::Value::Bool(true),
        "the status badge and the page fit the phone"
    );
    tab.fill(
        "A short note",
        "The blog's tracking broke on the 12th: count from the 13th.",
    )
    .await;
    tab.press("Save the brief").await;
    tab.see("Your brief for the presenter is saved").await;
    tab.tick("The numbers and causes are right").await;
    tab.press("Save the check").await;
    tab.see("Fact-checked by").await;
    tab.shot("fact-checked").await;
    tab.client
        .set_window_size(1280, 900)
        .await
        .expect("desktop window");
}

/// "2026-12" → "2026" (the page shows the month in words, with its year).
fn month_label_fragment(month: &str) -> String {
    month.split('-').next().unwrap_or(month).to_string()
}

/// (d) The manager runs the meeting: the countdown moves, every slot is visited, an
/// action item is added, a fail card is posted from the closing slot, the meeting ends.
/// Returns the card's title.
pub async fn meeting(tab: &Tab<'_>, month: &str) -> String {
    tab.goto(&format!("/reviews/{month}")).await;
    tab.follow("Run the meeting").await;
    // Opening meeting mode starts nothing: the start screen, and (the review is next
    // month) a confirmation before starting early.
    assert!(tab.heading().await.ends_with("ready to start"));
    tab.see("Agenda").await;
    tab.inspect("start-screen").await;
    tab.press("Start the meeting").await;
    tab.see("tick the box to start it now").await;
    tab.tick("Start it now").await;
    tab.press("Start the meeting").await;
    assert_eq!(tab.heading().await, "Opening");
    let timer = tab.find(".slot-timer").await;
    let first = timer.text().await.expect("timer");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let later = timer.text().await.expect("timer");
    assert_ne!(first, later, "the slot countdown moves");
    tab.inspect("opening").await;

    tab.fill("New action item", "Fix the tracking gap on the blog")
        .await;
    tab.select("Owner", "Ada Lovelace").await;
    tab.press("Add").await;
    tab.see("Fix the tracking gap on the blog").await;

    // Through the metric slots, from the keyboard ("n" or →) as a facilitator would.
    let mut titles = vec!["Opening".to_string()];
    for _ in 0..10 {
        let before = tab.heading().await;
        if before.starts_with("Closing") {
            break;
        }
        let page = tab.find("html").await;
        tab.client
            .execute(
                "document.activeElement && document.activeElement.blur();",
                vec![],
            )
            .await
            .expect("nothing focused");
        tab.press_key(if titles.len() % 2 == 0 {
            'n'
        } else {
            '\u{e014}'
        })
        .await;
        tab.wait_for_new_page(page, "the next-slot key").await;
        let now = tab.heading().await;
        assert_ne!(now, before, "the keyboard moves to the next slot");
        titles.push(now);
        if titles.len() == 2 {
            tab.inspect("metric-slot").await;
        }
    }
    for metric in ["Traffic", "Conversion rate", "NPS"] {
        assert!(
            titles.iter().any(|t| t.contains(metric)),
            "a slot for {metric}: {titles:?}"
        );
    }
    assert_eq!(
        titles.last().map(String::as_str),
        Some("Closing: boards and feedback")
    );
    tab.see("No cards yet this month.").await;

    tab.follow("Add a fail card").await;
    assert_eq!(tab.heading().await, "Share an experiment that failed");
    let title = "Broad-match keywords burned the budget";
    tab.fill("Title", title).await;
    tab.fill(
        "What we tried",
        "We switched the brand campaigns to broad match for a month.",
    )
    .await;
    tab.fill(
        "What happened",
        "CPC rose 40 % and conversions stayed flat.",
    )
    .await;
    tab.fill(
        "What we learned",
        "Keep exact match on brand terms; test broad on a small budget.",
    )
    .await;
    tab.inspect("fail-card-form").await;
    tab.press("Post the card").await;
    assert_eq!(
        tab.heading().await,
        "Closing: boards and feedback",
        "back in the meeting"
    );
    tab.see(title).await;
    tab.shot("closing").await;

    // Ending without the tick stays on the closing slot, saying why beside the box.
    tab.press("End the meeting").await;
    tab.see("to end it: the meeting then becomes read-only")
        .await;
    assert_eq!(tab.heading().await, "Closing: boards and feedback");
    tab.tick("The meeting is over").await;
    tab.press("End the meeting").await;
    tab.see("The meeting is over").await;
    tab.see("discussed the numbers of").await;
    tab.shot("values").await;
    // Ended too soon: reopened (the presenters' links work again), then ended for good.
    tab.tick("Reopen the meeting").await;
    tab.press("Reopen the meeting").await;
    tab.see("The meeting is open again").await;
    assert_eq!(tab.heading().await, "Closing: boards and feedback");
    tab.tick("The meeting is over").await;
    tab.press("End the meeting").await;
    tab.see("The meeting is over").await;
    tab.goto(&format!("/reviews/{month}/archive")).await;
    tab.see("held").await;
    tab.see("Fix the tracking gap on the blog").await;
    tab.see(title).await;
    tab.inspect("archive").await;
    let pdf = tab
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("the archive prints");
    assert!(pdf.starts_with(b"%PDF"), "printing gives a PDF");
    std::fs::write(
        crate::driver::screenshot_dir().join("d-meeting-archive.pdf"),
        pdf,
    )
    .expect("PDF written");
    title.to_string()
}

/// (e) A member browses the fail board and finds the card by searching.
pub async fn fail_board(tab: &Tab<'_>, title: &str) {
    tab.goto("/boards/fail").await;
    tab.see(title).await;
    tab.inspect("fail-board").await;
    tab.fill("Search", "nothing-matches-this").await;
    tab.press("Filter").await;
    assert!(
        !tab.text().await.contains(title),
        "a search that misses hides it"
    );
    tab.fill("Search", "broad match").await;
    tab.press("Filter").await;
    tab.see(title).await;
    tab.shot("search").await;
    tab.follow(title).await;
    assert_eq!(tab.heading().await, title);
    tab.see("Keep exact match on brand terms").await;
    tab.inspect("card").await;
}

/// A walk through the demo team's app as its manager, then as a member.
pub async fn demo_tour(tab: &Tab<'_>, logins: &[(String, String)]) {
    let (manager_email, manager_password) = &logins[0];
    tab.goto("/login").await;
    tab.inspect("login").await;
    tab.fill("Email", manager_email).await;
    tab.fill("Password", manager_password).await;
    tab.press("Sign in").await;
    assert_eq!(tab.heading().await, "Dashboard");
    tab.see("North Star").await;
    tab.see("Orders").await;
    assert!(
        tab.client
            .find_all(fantoccini::Locator::Css("svg"))
            .await
            .expect("charts")
            .len()
            > 5,
        "the dashboard shows sparklines"
    );
    tab.inspect("dashboard").await;

    tab.follow("Orders").await;
    tab.see("Who presented it").await;
    tab.inspect("metric").await;

    // Signal or noise: Traffic's latest month against its usual range (whether it is a
    // signal depends on the month the demo was made in), and the November event.
    tab.goto("/metrics").await;
    tab.follow("Traffic").await;
    tab.see("Signal or noise").await;
    tab.see("Usual range").await;
    tab.see("Black Friday campaign").await;
    assert!(
        !tab.client
            .find_all(fantoccini::Locator::Css("svg rect.band"))
            .await
            .expect("the chart")
            .is_empty(),
        "the chart draws the usual range"
    );
    tab.client
        .set_window_size(1280, 1500)
        .await
        .expect("a tall window");
    tab.client
        .execute(
            "document.getElementById('signal-heading').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the analysis");
    tab.shot("signal-or-noise").await;
    tab.client
        .set_window_size(1280, 900)
        .await
        .expect("desktop window");

    tab.goto("/reviews").await;
    tab.inspect("reviews").await;
    let held = tab
        .client
        .find(fantoccini::Locator::XPath(
            "(//tr[.//*[normalize-space(.)='held']]//a)[last()]",
        ))
        .await
        .expect("a held review in the list");
    let page = tab.find("html").await;
    held.click().await.expect("open the held review");
    tab.wait_for_new_page(page, "a held review").await;
    tab.follow("The archive of this meeting").await;
    tab.see("Action items").await;
    tab.inspect("archive").await;

    tab.goto("/reviews/history").await;
    tab.inspect("history").await;
    tab.goto("/boards").await;
    tab.inspect("boards").await;
    tab.goto("/boards/success").await;
    tab.inspect("success-board").await;
    for (path, name) in [
        ("/members", "team"),
        ("/metrics", "metrics"),
        ("/settings", "settings"),
        ("/admin/mail", "mail"),
        ("/account", "account"),
    ] {
        tab.goto(path).await;
        tab.inspect(name).await;
    }
    tab.follow("Sign out").await;
    if tab.path().await == "/logout" {
        tab.press("Sign out").await;
    }

    let (member_email, member_password) = &logins[1];
    tab.goto("/login").await;
    tab.fill("Email", member_email).await;
    tab.fill("Password", member_password).await;
    tab.press("Sign in").await;
    tab.goto("/my/assignments").await;
    tab.inspect("my-assignments").await;
}

/// (f) Signing in through the company's identity provider: our button, the provider's
/// own login page, back signed in; signing out ends the provider's session too.
pub async fn single_sign_on(tab: &Tab<'_>, issuer: &str, button: &str) {
    tab.goto("/login").await;
    tab.inspect("sign-in-with-sso").await;
    tab.follow(button).await;
    let url = tab.client.current_url().await.expect("current url");
    assert!(
        url.as_str().starts_with(issuer),
        "at the provider's own login page: {url}"
    );
    tab.find("input[name=login]")
        .await
        .send_keys("ada")
        .await
        .expect("typing works");
    tab.find("input[name=password]")
        .await
        .send_keys("whatever the provider asks")
        .await
        .expect("typing works");
    tab.shot("provider-login").await;
    tab.press("Sign-in").await;
    tab.see("Signed in.").await;
    assert_eq!(tab.path().await, "/");
    tab.goto("/account").await;
    tab.see("You sign in through").await;
    tab.inspect("account-with-sso").await;

    tab.goto("/logout").await;
    tab.press("Sign out").await;
    let url = tab.client.current_url().await.expect("current url");
    assert!(
        url.as_str().starts_with(issuer),
        "signing out goes on to the provider: {url}"
    );
    tab.press("Yes, sign me out").await;
    assert_eq!(tab.path().await, "/login", "and back to our sign-in page");
    tab.goto("/account").await;
    assert_eq!(tab.path().await, "/login?next=/account", "signed out here");
}

/// The team (Mona, Ana, Sam, Chris) with CPA and Traffic in a published January 2030
/// review: CPA's presenter and their assignment.
pub async fn a_published_month(app: &TestApp) -> (kpi_rotation::models::Member, i64) {
    app.team().cpa_in_january_2030().await
}

/// What a presenter reads and presses, in one language.
struct Words {
    email: &'static str,
    password: &'static str,
    sign_in: &'static str,
    my_assignments: &'static str,
    fill_in: &'static str,
    your_presentation: &'static str,
    value_for: &'static str,
    insight: &'static str,
    save_draft: &'static str,
    saved: &'static str,
    submit: &'static str,
    submitted: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "sv" => Words {
            email: "E-post",
            password: "Lösenord",
            sign_in: "Logga in",
            my_assignments: "Mina uppdrag",
            fill_in: "Fyll i",
            your_presentation: "Din presentation",
            value_for: "Värdet för",
            insight: "Insikten: siffran bakom siffran",
            save_draft: "Spara utkast",
            saved: "Utkastet är sparat.",
            submit: "Lämna in",
            submitted: "Inlämnad. Du kan fortfarande ändra fram till mötet.",
        },
        "da" => Words {
            email: "E-mail",
            password: "Adgangskode",
            sign_in: "Log ind",
            my_assignments: "Mine opgaver",
            fill_in: "Udfyld",
            your_presentation: "Din præsentation",
            value_for: "Værdien for",
            insight: "Indsigten: tallet bag tallet",
            save_draft: "Gem kladde",
            saved: "Kladden er gemt.",
            submit: "Aflever",
            submitted: "Afleveret. Du kan stadig rette, indtil mødet begynder.",
        },
        _ => Words {
            email: "Email",
            password: "Kata sandi",
            sign_in: "Masuk",
            my_assignments: "Tugas saya",
            fill_in: "Isi",
            your_presentation: "Presentasi Anda",
            value_for: "Nilai untuk",
            insight: "Wawasan: angka di balik angka",
            save_draft: "Simpan draf",
            saved: "Draf tersimpan.",
            submit: "Kirim",
            submitted: "Terkirim. Anda masih bisa mengubahnya sampai rapat dimulai.",
        },
    }
}

/// `presenter` reads `lang`: the sign-in page follows the browser, the rest their own
/// choice. In Swedish they fill in the template (the value typed "1 234,5") and submit;
/// in every language the template is photographed and checked with axe-core.
pub async fn presenter_in_language(
    tab: &Tab<'_>,
    app: &TestApp,
    presenter: &kpi_rotation::models::Member,
    assignment: i64,
    lang: &str,
) {
    kpi_rotation::models::Member::set_language(
        &mut app.conn(),
        presenter.id,
        kpi_rotation::i18n::Lang::from_code(lang),
        app.now(),
    )
    .expect("the presenter's language");
    let w = words(lang);
    tab.goto("/login").await;
    assert_eq!(
        tab.heading().await,
        w.sign_in,
        "the sign-in page speaks the browser's language"
    );
    tab.fill(w.email, &presenter.email).await;
    tab.fill(w.password, crate::helpers::PASSWORD).await;
    tab.press(w.sign_in).await;
    tab.follow(w.my_assignments).await;
    tab.follow(w.fill_in).await;
    assert_eq!(
        tab.path().await,
        format!("/assignments/{assignment}/presentation")
    );
    tab.see(w.your_presentation).await;
    tab.see(w.insight).await;
    let lang_attr = tab
        .find("html")
        .await
        .attr("lang")
        .await
        .expect("the lang attribute");
    assert_eq!(lang_attr.as_deref(), Some(lang));
    if lang == "sv" {
        tab.fill(w.value_for, "1 234,5").await;
        tab.fill(
            w.insight,
            "CPA steg när vi började buda på breda sökord; Ana bekräftade det.",
        )
        .await;
        tab.press(w.save_draft).await;
        tab.see(w.saved).await;
        assert_eq!(
            tab.labelled(w.value_for)
                .await
                .prop("value")
                .await
                .expect("the value field")
                .as_deref(),
            Some("1\u{a0}234,5"),
            "the value reads back the Swedish way"
        );
        tab.press(w.submit).await;
        tab.see(w.submitted).await;
    }
    tab.inspect("template").await;
}
