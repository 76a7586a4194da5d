//! A real SMTP server on loopback (mailin-embedded) that records what it receives, and
//! can answer 550 to every recipient.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use mailin_embedded::response::{OK, START_DATA};
use mailin_embedded::{Handler, Response, Server, SslConfig};

#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone)]
struct Recorder {
    inbox: Arc<Mutex<Vec<Received>>>,
    reject: Arc<AtomicBool>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn rcpt(&mut self, _to: &str) -> Response {
        if self.reject.load(Ordering::SeqCst) {
            Response::custom(550, "5.1.1 no such mailbox here".to_string())
        } else {
            OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        START_DATA
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = Received {
            to: std::mem::take(&mut self.to),
            data: String::from_utf8_lossy(&self.data).into_owned(),
        };
        self.inbox.lock().expect("inbox").push(message);
        OK
    }
}

pub struct SmtpSink {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
    pub reject: Arc<AtomicBool>,
}

impl SmtpSink {
    /// Start a sink on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        Self::on(listener)
    }

    /// Start a sink on `port` (which must be free now).
    pub fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the reserved port");
        Self::on(listener)
    }

    fn on(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("addr").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let reject = Arc::new(AtomicBool::new(false));
        let handler = Recorder {
            inbox: inbox.clone(),
            reject: reject.clone(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = Server::new(handler);
        server
            .with_name("localhost")
            .with_ssl(SslConfig::None)
            .expect("no tls")
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self {
            port,
            inbox,
            reject,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox.lock().expect("inbox").clone()
    }
}

/// A port nobody listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The decoded text of a MIME message, good enough to search: quoted-printable soft
/// breaks joined and the base64 parts decoded.
pub fn readable(data: &str) -> String {
    let mut out = data.replace("=\r\n", "").replace("=3D", "=");
    for block in data.split("\r\n\r\n").skip(1) {
        let candidate: String = block
            .lines()
            .take_while(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("");
        if candidate.len() > 40
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
        {
            if let Some(decoded) = base64_decode(&candidate) {
                out.push('\n');
                out.push_str(&decoded);
            }
        }
    }
    out
}

fn base64_decode(s: &str) -> Option<String> {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = TABLE.iter().position(|t| *t == c)? as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(bytes).ok()
}
