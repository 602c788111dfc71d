//! The preview's HTTP server: GET and HEAD on 127.0.0.1, one request per connection, each in a
//! thread of its own (a page may wait for a rebuild). A request head is read up to 64 KiB and
//! no further: the server `serve` used before read 10 MB of headers.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// The most bytes of a request's line and headers read.
const MAX_HEAD: usize = 64 * 1024;

/// What to send back.
pub struct Reply {
    pub status: u16,
    pub kind: &'static str,
    pub body: Vec<u8>,
    /// Where a redirect leads.
    pub location: Option<String>,
}

impl Reply {
    pub fn new(status: u16, kind: &'static str, body: Vec<u8>) -> Reply {
        Reply { status, kind, body, location: None }
    }
}

/// Answers every connection `listener` accepts with `answer(path)`, forever.
pub fn run(listener: TcpListener, answer: Arc<dyn Fn(&str) -> Reply + Send + Sync>) {
    for stream in listener.incoming().flatten() {
        let answer = Arc::clone(&answer);
        std::thread::spawn(move || {
            let _ = handle(stream, &*answer);
        });
    }
}

fn handle(mut stream: TcpStream, answer: &dyn Fn(&str) -> Reply) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            let too_large = Reply::new(431, "text/plain; charset=utf-8", b"request head too large".to_vec());
            send(&mut stream, &too_large, true)?;
            // Read a little of what is still coming, so that closing does not reset the
            // connection before the client has the answer; then stop.
            stream.shutdown(std::net::Shutdown::Write)?;
            stream.set_read_timeout(Some(Duration::from_millis(200)))?;
            let mut drained = 0;
            while drained < 1 << 20 {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => drained += n,
                }
            }
            return Ok(());
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(head.split(|b| *b == b'\n').next().unwrap_or(b""));
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let reply = match method {
        "GET" | "HEAD" => answer(target),
        _ => Reply::new(405, "text/plain; charset=utf-8", b"only GET and HEAD".to_vec()),
    };
    send(&mut stream, &reply, method != "HEAD")
}

fn send(stream: &mut TcpStream, reply: &Reply, body: bool) -> io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reply.status,
        reply.kind,
        reply.body.len()
    );
    if let Some(to) = &reply.location {
        head.push_str(&format!("Location: {to}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if body {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(port: u16, request: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = s.write_all(request);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        text
    }

    #[test]
    fn answers_get_and_head_and_stops_reading_a_huge_head() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || run(listener, Arc::new(|path: &str| Reply::new(200, "text/plain", path.into()))));
        let got = ask(port, b"GET /a/b?c HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n") && got.ends_with("\r\n\r\n/a/b?c"), "{got}");
        let got = ask(port, b"HEAD /a HTTP/1.1\r\n\r\n");
        assert!(got.contains("Content-Length: 2\r\n") && got.ends_with("\r\n\r\n"), "{got}");
        assert!(ask(port, b"POST / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 405"));
        let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', 200 << 10));
        assert!(ask(port, &huge).starts_with("HTTP/1.1 431"));
    }
}
