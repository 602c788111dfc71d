//! The other verbs and options: init, check, --base-url, overrides, safety of the output.

use crate::common::*;
use std::path::Path;

#[test]
fn script_injection_does_not_survive_into_the_html() {
    let tmp = tempdir();
    let out = build(Path::new("tests/fixtures/xss"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut checked = 0;
    // The record page's one inline script (it marks today's row of the hours) is the theme's own:
    // taken out as written in the template, in each edition's words, so that any other script
    // still fails below.
    let template = std::fs::read_to_string(root().join("themes/default/templates/record.html")).unwrap();
    let start = template.find("<script>(function(){").expect("the hours script");
    let script = &template[start..start + template[start..].find("</script>").unwrap() + 9];
    let own_inline: Vec<String> = ["zh", "mn"]
        .iter()
        .map(|lang| {
            let strings = std::fs::read_to_string(root().join(format!("themes/default/i18n/{lang}.yaml"))).unwrap();
            let today = strings.lines().find_map(|l| l.strip_prefix("record_today: ")).expect("record_today");
            script.replace("{{ t.record_today }}", today.trim_matches('"'))
        })
        .collect();
    for (rel, bytes) in files(tmp.path()).into_iter().filter(|(r, _)| r.ends_with(".html")) {
        let page = own_inline.iter().fold(String::from_utf8(bytes).unwrap(), |page, own| page.replace(own, ""));
        for tag in tags(&page) {
            // The only script allowed is the theme's own search client, loaded from this site.
            let own_script = tag.name == "script"
                && tag.attr("src").is_some_and(|s| {
                    (s.ends_with("static/search.js") || s.ends_with("static/map.js")) && !s.contains(':')
                });
            // Besides it: JSON-LD data (checked below) and the record's own QR code image.
            let json_ld =
                tag.name == "script" && tag.attrs.len() == 1 && tag.attr("type") == Some("application/ld+json");
            let own_qr = tag.name == "img"
                && rel.contains("bases/")
                && tag.attr("src").is_some_and(|s| (s == "qr.svg" || s.ends_with("/qr.svg")) && !s.contains(':'));
            // The map pages draw their own inline SVG from escaped data.
            let own_map = rel.starts_with("map/") && tag.name == "svg" && tag.attr("class") == Some("map");
            assert!(
                own_script
                    || json_ld
                    || own_qr
                    || own_map
                    || !matches!(tag.name.as_str(), "script" | "iframe" | "svg" | "img" | "object" | "embed"),
                "{rel}: <{}>",
                tag.name
            );
            for (name, value) in &tag.attrs {
                assert!(!name.starts_with("on"), "{rel}: event handler {name} on <{}>", tag.name);
                assert!(!value.trim_start().to_ascii_lowercase().starts_with("javascript:"), "{rel}: {name}={value}");
                assert!(name != "style" || !value.contains("javascript"), "{rel}: style={value}");
            }
            if tag.name == "a" && tag.attr("href").is_some_and(|h| h.starts_with("https://other.example")) {
                assert!(
                    tag.attr("rel").is_some_and(|r| r.contains("noopener")),
                    "{rel}: external link without noopener"
                );
                checked += 1;
            }
        }
    }
    // once per edition: the record page in Chinese and in Mongolian
    assert_eq!(checked, 2, "the external link of the description was not found");
    // JSON-LD holds no `<` at all, so nothing in the data can close the script element.
    let page = read(tmp.path(), "bases/inject/index.html");
    let lower = page.to_ascii_lowercase();
    let mut json_ld = 0;
    for (at, _) in lower.match_indices("<script") {
        let open_end = at + lower[at..].find('>').unwrap() + 1;
        if !lower[at..open_end].contains("application/ld+json") {
            continue;
        }
        let body = &page[open_end..open_end + lower[open_end..].find("</script").unwrap()];
        assert!(!body.contains('<'), "raw < in JSON-LD: {body}");
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(value["name"].as_str().unwrap().contains("</script>"), "the name survives as data");
        json_ld += 1;
    }
    assert_eq!(json_ld, 1, "the record page has one JSON-LD block");
    let page = read(tmp.path(), "bases/inject/index.html");
    assert!(page.contains("alert('name')"), "the name is shown as text");
}

#[test]
fn a_rebuild_replaces_the_whole_output_and_leaves_nothing_stale() {
    let tmp = tempdir();
    let output = tmp.path().join("public");
    assert!(build(Path::new("tests/fixtures/minimal"), &output, &[]).status.success());
    std::fs::write(output.join("stale.html"), "old").unwrap();
    assert!(build(Path::new("tests/fixtures/minimal"), &output, &[]).status.success());
    assert!(!output.join("stale.html").exists());
    let mut beside: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    beside.sort();
    assert_eq!(beside, [".public.qingdan-cache", "public"], "temporary folders left beside the output");
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_site() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("notes.txt"), "keep me").unwrap();
    let out = build(Path::new("tests/fixtures/minimal"), tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "keep me");
}

#[test]
fn a_hand_made_folder_with_an_index_page_is_not_replaced() {
    let tmp = tempdir();
    let mine = tmp.path().join("mine");
    std::fs::create_dir_all(mine.join("sub")).unwrap();
    std::fs::write(mine.join("index.html"), "<p>my page</p>").unwrap();
    std::fs::write(mine.join("important.txt"), "keep").unwrap();
    std::fs::write(mine.join("sub/notes.md"), "notes").unwrap();
    let before = files(&mine);
    let out = build(Path::new("tests/fixtures/minimal"), &mine, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(&mine.display().to_string()) && stderr(&out).contains(".qingdan-site"));
    assert_eq!(files(&mine), before);
    // A folder qingdan made carries its mark, and is replaced.
    let site = tmp.path().join("site");
    assert!(build(Path::new("tests/fixtures/minimal"), &site, &[]).status.success());
    assert!(site.join(".qingdan-site").is_file());
    assert!(build(Path::new("tests/fixtures/minimal"), &site, &[]).status.success());
}

#[test]
fn the_content_folder_its_repository_and_the_current_folder_are_never_the_output() {
    let tmp = tempdir();
    let repo = tmp.path().join("repo");
    let content = repo.join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(repo.join("README.md"), "readme").unwrap();
    std::fs::write(repo.join("index.html"), "<p>home</p>").unwrap();
    let before = files(&repo);
    for (output, why) in [
        (repo.clone(), "包含"),
        (content.clone(), "内容文件夹"),
        (content.join("pages/sub"), "里面"),
        (content.join("../content"), "内容文件夹"),
    ] {
        let out = build(&content, &output, &[]);
        assert_eq!(out.status.code(), Some(2), "{}: {}", output.display(), stderr(&out));
        assert!(stderr(&out).contains(why), "{}: {}", output.display(), stderr(&out));
    }
    assert_eq!(files(&repo), before, "nothing in the repository changed");
    // `--output .` and `--output ..` from a folder of one's own.
    let work = repo.join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("draft.txt"), "mine").unwrap();
    for output in [".", ".."] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["build", "--content", content.to_str().unwrap(), "--output", output, "--today", TODAY])
            .current_dir(&work)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        let why = if output == "." { "当前文件夹" } else { "包含" };
        assert!(stderr(&out).contains(why), "{output}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(work.join("draft.txt")).unwrap(), "mine");
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["repo"], "no temporary folder left");
}

#[test]
fn a_second_build_of_the_same_folder_stops_and_changes_nothing() {
    let tmp = tempdir();
    let output = tmp.path().join("public");
    assert!(build(Path::new("tests/fixtures/minimal"), &output, &[]).status.success());
    let before = files(&output);
    // Another build holds the lock, as a running one does.
    let lock = std::fs::File::options().write(true).open(tmp.path().join(".public.qingdan-cache/lock")).unwrap();
    lock.try_lock().unwrap();
    let out = build(Path::new("tests/fixtures/minimal"), &output, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("另一个 qingdan 正在生成"), "{}", stderr(&out));
    assert_eq!(files(&output), before);
    drop(lock);
    assert!(build(Path::new("tests/fixtures/minimal"), &output, &[]).status.success());
}

#[test]
fn base_url_sets_canonical_links_and_the_404_page_root() {
    let tmp = tempdir();
    let out = build(Path::new("tests/fixtures/minimal"), tmp.path(), &["--base-url", "https://jyj.example.cn/qingdan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(tmp.path(), "bases/test-museum/index.html");
    assert!(page.contains("href=https://jyj.example.cn/qingdan/bases/test-museum/ rel=canonical"), "{page}");
    let not_found = read(tmp.path(), "404.html");
    assert!(not_found.contains("href=/qingdan/static/style.css"), "{not_found}");
    assert!(not_found.contains("页面未找到"));
}

/// The minimal fixture in `tmp/content`, its `templates/page.html` replaced by `template`.
fn with_page_template(tmp: &Path, template: &str) -> std::path::PathBuf {
    let content = tmp.join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    std::fs::create_dir_all(content.join("templates")).unwrap();
    std::fs::write(content.join("templates/page.html"), template).unwrap();
    content
}

#[test]
fn content_templates_override_the_theme_by_name() {
    let tmp = tempdir();
    let content = with_page_template(
        tmp.path(),
        "{% extends \"base.html\" %}{% block content %}<h1>自定义：{{ page.title }}</h1>{% endblock content %}",
    );
    assert!(build(&content, &tmp.path().join("out"), &[]).status.success());
    assert!(read(&tmp.path().join("out"), "about/index.html").contains("<h1>自定义：关于测试</h1>"));
    assert!(read(&tmp.path().join("out"), "bases/test-museum/index.html").contains("测试博物馆"));
}

#[test]
fn an_interface_string_missing_from_the_strings_file_names_the_template() {
    let tmp = tempdir();
    let content = with_page_template(
        tmp.path(),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ t.no_such_key }}</h1>{% endblock content %}",
    );
    let out = build(&content, &tmp.path().join("out"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Q0501") && err.contains("templates/page.html") && err.contains("t.no_such_key"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing is published");
}

#[test]
fn a_row_template_error_names_the_row_and_the_record_and_rows_must_be_written_as_made() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    std::fs::create_dir_all(content.join("templates")).unwrap();
    // A card reading what a record summary does not have: the card's template and the record.
    std::fs::write(content.join("templates/card.html"), "<li>{{ r.no_such_field }}</li>").unwrap();
    let out = build(&content, &tmp.path().join("out"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Q0501") && err.contains("templates/card.html") && err.contains("no_such_field"), "{err}");
    assert!(err.contains("ulanhot/test-museum.md"), "{err}");
    std::fs::remove_file(content.join("templates/card.html")).unwrap();

    // A county list printing its rows escaped, as text: the page cannot be put together.
    let county = std::fs::read_to_string(root().join("themes/default/templates/county.html")).unwrap();
    assert!(county.contains("{{ s.rows | safe }}"));
    std::fs::write(content.join("templates/county.html"), county.replace("{{ s.rows | safe }}", "{{ s.rows }}"))
        .unwrap();
    let out = build(&content, &tmp.path().join("out"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Q0501") && err.contains("templates/county.html") && err.contains("| safe"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing is published");
}

#[test]
fn a_theme_folder_brings_its_own_strings_and_a_broken_file_is_named() {
    let tmp = tempdir();
    let theme = tmp.path().join("theme");
    copy_tree(&root().join("themes/default"), &theme);
    let strings = theme.join("i18n/zh.yaml");
    let text = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, text.replace("nav_home: 首页", "nav_home: 主页")).unwrap();
    let theme_arg = ["--theme", theme.to_str().unwrap()];
    let out = build(Path::new("tests/fixtures/minimal"), &tmp.path().join("out"), &theme_arg);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&tmp.path().join("out"), "index.html").contains(">主页</a>"));

    std::fs::write(&strings, format!("{text}nav_home: [\n")).unwrap();
    let out = build(Path::new("tests/fixtures/minimal"), &tmp.path().join("out2"), &theme_arg);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Q0501") && err.contains("i18n/zh.yaml"), "{err}");
}

#[test]
fn init_writes_a_valid_directory_that_builds() {
    let tmp = tempdir();
    let dir = tmp.path().join("new");
    let out = qingdan(&["init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let check = qingdan(&["check", "--content", dir.to_str().unwrap(), "--today", TODAY, "--deny-warnings"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(build(&dir, &tmp.path().join("out"), &[]).status.success());
    assert!(read(&tmp.path().join("out"), "bases/example-museum/index.html").contains("tel:04825550101"));
    assert_eq!(qingdan(&["init", dir.to_str().unwrap()]).status.code(), Some(2), "init must not overwrite");
}

#[test]
fn a_base_url_too_long_for_qr_codes_is_an_error_not_a_panic() {
    let tmp = tempdir();
    let long = format!("https://example.org/{}/", "a".repeat(3000));
    let out = build(Path::new("tests/fixtures/minimal"), tmp.path(), &["--base-url", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("base_url 太长") && !stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn a_base_url_that_is_not_a_site_address_is_refused() {
    let tmp = tempdir();
    for bad in ["javascript:alert(1)", "", "https://user:pw@example.org/", "https://example.org/?q=1#frag"] {
        let out = build(Path::new("tests/fixtures/minimal"), &tmp.path().join("out"), &["--base-url", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("--base-url") && stderr(&out).contains("不能用作网站地址"), "{}", stderr(&out));
        assert!(!tmp.path().join("out").exists(), "{bad}: nothing is published");
    }
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let site = site.replace("https://example.org/qd/", "https://example.org/qd/?from=qr#top");
    std::fs::write(content.join("site.yaml"), site).unwrap();
    let out = build(&content, &tmp.path().join("out"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.yaml:3:11") && stderr(&out).contains("带有 ? 或 #"), "{}", stderr(&out));
}

#[test]
fn a_source_date_epoch_that_is_not_seconds_is_said_not_ignored() {
    for bad in ["yesterday", "1e9", "99999999999999999999"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["check", "--content", "tests/fixtures/minimal"])
            .env("SOURCE_DATE_EPOCH", bad)
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("SOURCE_DATE_EPOCH"), "{}", stderr(&out));
    }
}

#[test]
fn an_output_folder_error_names_the_folder_in_every_format() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("notes.txt"), "keep me").unwrap();
    let out = build(Path::new("tests/fixtures/minimal"), tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let io = lines.iter().find(|l| l["code"] == "Q0502").expect("the error as a JSON object");
    assert_eq!(io["file"], tmp.path().to_str().unwrap());
    let out = build(Path::new("tests/fixtures/minimal"), tmp.path(), &["--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("::error file=") && l.contains("title=Q0502")), "{text}");
}
