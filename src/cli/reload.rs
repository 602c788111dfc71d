//! Live reload for `qingdan serve`: the script added to every HTML response, which polls the
//! build generation, reloads on a new one and shows build errors in an overlay.

/// Adds the live-reload script before the last `</body>`, or at the end when there is none.
pub fn inject(mut html: Vec<u8>, generation: u64) -> Vec<u8> {
    let script = format!("<script>{}</script>", RELOAD_JS.replace("__GENERATION__", &generation.to_string()));
    let lower = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

/// Polls the status every second; reloads on a new generation; shows build errors in an overlay.
const RELOAD_JS: &str = r#"(function () {
  var generation = __GENERATION__, shown = '', closed = '', box = null;
  function hide() { if (box) { box.remove(); box = null; } shown = ''; }
  function show(errors, key) {
    if (key === shown || key === closed) return;
    hide();
    shown = key;
    box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.id = '__qingdan-errors';
    box.style.cssText = 'position:fixed;left:0;right:0;top:0;max-height:80vh;overflow:auto;z-index:2147483647;' +
      'background:#111;color:#fff;border-bottom:4px solid #ff5555;padding:1em 1.25em;font:15px/1.5 monospace;' +
      'white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.5)';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '关闭 ×';
    close.setAttribute('aria-label', '关闭错误提示');
    close.style.cssText = 'float:right;background:#fff;color:#000;border:0;padding:.3em .8em;font:inherit;cursor:pointer';
    close.addEventListener('click', function () { closed = key; hide(); });
    box.appendChild(close);
    var title = document.createElement('strong');
    title.style.color = '#ff8080';
    title.textContent = '构建失败（' + errors.length + ' 个错误），仍在显示上一次成功的构建：';
    box.appendChild(title);
    var list = document.createElement('ul');
    list.style.cssText = 'margin:.5em 0 0;padding-left:1.25em';
    errors.forEach(function (e) {
      var item = document.createElement('li');
      var where = String(e.file || '');
      if (e.line) where += ':' + e.line + (e.column ? ':' + e.column : '');
      item.textContent = where + '  [' + e.code + '] ' + e.message + (e.field ? '（字段 ' + e.field + '）' : '');
      list.appendChild(item);
    });
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }
  function poll() {
    fetch('/__qingdan/status', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.generation !== generation) { location.reload(); return; }
        if (s.errors && s.errors.length) { show(s.errors, JSON.stringify(s.errors)); } else { hide(); closed = ''; }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_the_reload_script_before_the_last_body_end() {
        let page = String::from_utf8(inject(b"<p>a</p></BODY></html>".to_vec(), 7)).unwrap();
        assert!(page.starts_with("<p>a</p><script>(function () {"), "{page}");
        assert!(page.ends_with("</script></BODY></html>"), "{page}");
        assert!(page.contains("var generation = 7,") && page.contains("/__qingdan/status"));
        assert!(!page.contains("innerHTML"));
        let bare = String::from_utf8(inject(b"<p>a".to_vec(), 1)).unwrap();
        assert!(bare.starts_with("<p>a<script>") && bare.ends_with("</script>"), "{bare}");
    }
}
