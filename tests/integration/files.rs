//! import and export: dotenv, JSON, YAML, shell and docker, all or nothing.

use crate::util::TestEnv;

fn names(env: &TestEnv, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--json"];
    args.extend_from_slice(extra);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&args)).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

const REAL_WORLD_ENV: &str = "\u{feff}# Rails-style app config\r
export RAILS_ENV=production\r
DATABASE_URL=\"postgres://app:pa$$word@db:5432/app?sslmode=require#frag\"\r
SECRET_KEY_BASE='abc${NOT_EXPANDED}def'\r
MULTI=\"line one\r
line two\"\r
PLAIN=value with spaces # trailing comment\r
HASH=abc#not-a-comment\r
EMPTY=\r
PLAIN=last wins\r
";

#[test]
fn import_reads_a_real_world_dotenv_file_with_every_rule() {
    let env = TestEnv::unlocked();
    let file = env.write(".env", REAL_WORLD_ENV);
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(env.get("RAILS_ENV"), b"production");
    assert_eq!(
        env.get("DATABASE_URL"),
        b"postgres://app:pa$$word@db:5432/app?sslmode=require#frag"
    );
    assert_eq!(env.get("SECRET_KEY_BASE"), b"abc${NOT_EXPANDED}def");
    assert_eq!(env.get("MULTI"), b"line one\nline two");
    assert_eq!(env.get("PLAIN"), b"last wins");
    assert_eq!(env.get("HASH"), b"abc#not-a-comment");
    assert_eq!(env.get("EMPTY"), b"");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let lit = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "SECRET_KEY_BASE")
        .unwrap();
    assert_eq!(lit["literal"], true);
}

#[test]
fn a_malformed_line_is_reported_with_file_and_line_and_nothing_is_imported() {
    let env = TestEnv::unlocked();
    let file = env.write(
        "bad.env",
        "GOOD=1\nALSO_GOOD=2\nthis line has no equals sign\n",
    );
    let run = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(run.stderr.contains("bad.env:3:"), "{}", run.stderr);
    assert!(names(&env, &[]).is_empty());
}

#[test]
fn an_unterminated_quote_names_the_line_where_it_opened() {
    let env = TestEnv::unlocked();
    let file = env.write("bad.env", "A=1\nB=\"never closed\nC=3\n");
    let err = env.fails(&["import", file.to_str().unwrap()], 8);
    assert!(
        err.contains("bad.env:2:3: \"B\": the double quote opened here is never closed"),
        "{err}"
    );
    assert!(!err.contains("never closed\nC"), "{err}");
}

#[test]
fn dry_run_reports_created_updated_unchanged_and_writes_nothing() {
    let env = TestEnv::unlocked();
    env.set("SAME", "x");
    env.set("CHANGED", "old");
    let file = env.write("in.env", "SAME=x\nCHANGED=new\nFRESH=1\n");
    let out = env.ok(&["import", file.to_str().unwrap(), "--dry-run", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let outcome = |name: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["change"]
            .clone()
    };
    assert_eq!(outcome("SAME"), "unchanged");
    assert_eq!(outcome("CHANGED"), "updated");
    assert_eq!(outcome("FRESH"), "created");
    assert_eq!(env.get("CHANGED"), b"old");
    assert!(!names(&env, &[]).contains(&"FRESH".to_string()));
}

#[test]
fn nested_json_and_yaml_become_dotted_keys() {
    let env = TestEnv::unlocked();
    let json = env.write(
        "cfg.json",
        r#"{"database": {"host": "db", "port": 5432}, "debug": true, "tags": ["a", "b"]}"#,
    );
    env.ok(&["import", json.to_str().unwrap()]);
    assert_eq!(env.get("database.host"), b"db");
    assert_eq!(env.get("database.port"), b"5432");
    assert_eq!(env.get("debug"), b"true");
    assert_eq!(env.get("tags.1"), b"b");
    env.ok(&["env", "create", "yaml"]);
    let yaml = env.write("cfg.yml", "server:\n  url: \"https://x\"\n  workers: 4\n");
    env.ok(&["import", yaml.to_str().unwrap(), "-e", "yaml", "--config"]);
    assert_eq!(env.ok(&["get", "server.url", "-e", "yaml"]), "https://x");
    assert!(env.ok(&["list", "-e", "yaml"]).contains("config"));
}

#[test]
fn dotenv_export_round_trips_every_value_and_the_literal_flag() {
    let env = TestEnv::unlocked();
    let nasty = [
        ("NEWLINES", "a\nb\n\nc"),
        ("QUOTES", "it's \"quoted\" `tick`"),
        ("DOLLAR", "pa$word ${HOME} $"),
        ("HASH", " # not a comment "),
        ("UNICODE", "héllo 🌍 ✓"),
        ("BACKSLASH", "C:\\path\\n"),
        ("EMPTY", ""),
    ];
    for (k, v) in nasty {
        env.ok_stdin(&["set", k, "--keep-newline", "--allow-empty"], v);
    }
    env.ok_stdin(
        &["set", "LITERAL", "--literal", "--keep-newline"],
        "it's ${X}",
    );
    // --raw: the stored text, which a re-import must give back byte for byte.
    let exported = env.ok(&["export", "--raw"]);
    env.ok(&["env", "create", "copy"]);
    env.ok_stdin(&["import", "-", "-e", "copy"], &exported);
    for (k, v) in nasty {
        assert_eq!(env.ok(&["get", k, "-e", "copy"]), v, "{k}");
    }
    assert_eq!(env.ok(&["get", "LITERAL", "-e", "copy"]), "it's ${X}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["list", "--json", "-e", "copy"])).unwrap();
    let literal: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["literal"] == true)
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(literal, vec!["LITERAL"]);
}

/// `NAME=value` (or `NAME unset`) per name, as a shell sees them after `prelude`.
fn shell_view(env: &TestEnv, prelude: &str, names: &[&str]) -> String {
    let show: String = names
        .iter()
        .map(|n| format!("printf '%s\\n' \"{n}=${{{n}-unset}}\"; "))
        .collect();
    let out = env
        .program("bash")
        .arg("-c")
        .arg(format!("{prelude}\n{show}"))
        .env("SC", env!("CARGO_BIN_EXE_secretscli"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn eval_of_the_shell_export_gives_bash_what_inject_gives_a_child() {
    let env = TestEnv::unlocked();
    env.ok(&["env", "create", "base"]);
    env.ok_stdin(&["set", "-e", "base", "INHERITED"], "from-base");
    env.ok(&["env", "create", "app", "--inherits", "base"]);
    for (k, v) in [
        ("REF", "${INHERITED}/x"),
        ("HOME_REF", "${HOME}/data"),
        ("QUOTE", "it's ${REF}"),
        ("LD_PRELOAD", "/tmp/evil.so"),
    ] {
        env.ok_stdin(&["set", "-e", "app", k], v);
    }
    env.ok_stdin(&["set", "-e", "app", "--literal", "LIT"], "${INHERITED}");
    let names = ["INHERITED", "REF", "HOME_REF", "QUOTE", "LIT", "LD_PRELOAD"];
    let exported = shell_view(
        &env,
        r#"eval "$("$SC" -e app export --format shell)""#,
        &names,
    );
    let script = names
        .iter()
        .map(|n| format!("printf '%s\\n' \"{n}=${{{n}-unset}}\"; "))
        .collect::<String>();
    let injected = {
        let out = env
            .cmd(&["-e", "app", "inject", "--", "bash", "-c", &script])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let home = env.path().display();
    let want = format!(
        "INHERITED=from-base\nREF=from-base/x\nHOME_REF={home}/data\nQUOTE=it's from-base/x\nLIT=${{INHERITED}}\nLD_PRELOAD=unset\n"
    );
    assert_eq!(exported, want);
    assert_eq!(injected, want);
    // --raw is the stored text, dangerous names too.
    let raw = env.ok(&["-e", "app", "export", "--raw", "--format", "json"]);
    assert!(raw.contains(r#""${INHERITED}/x""#), "{raw}");
    assert!(raw.contains("LD_PRELOAD"), "{raw}");
    // A resolved value that still holds ${ (from a literal) stays literal through import.
    let dotenv = env.ok(&["-e", "app", "export"]);
    env.ok(&["env", "create", "copy"]);
    env.ok_stdin(&["import", "-", "-e", "copy"], &dotenv);
    assert_eq!(env.ok(&["-e", "copy", "get", "LIT"]), "${INHERITED}");
    assert_eq!(env.ok(&["-e", "copy", "get", "REF"]), "from-base/x");
}

#[test]
fn export_to_a_file_is_0600_and_warns_about_plaintext() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::unlocked();
    env.set("A", "1");
    let target = env.path().join("out.env");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = env.run(&["export", "-o", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("plaintext"), "{}", run.stderr);
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "A=1\n");
}

#[test]
fn shell_export_skips_names_that_are_not_identifiers_and_says_which() {
    let env = TestEnv::unlocked();
    env.set("GOOD", "it's");
    env.set("database.host", "db");
    env.set("key-with-dashes", "x");
    let run = env.run(&["export", "--format", "shell"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("database.host") && run.stderr.contains("key-with-dashes"),
        "{}",
        run.stderr
    );
    let script = format!("{}\nprintf %s \"$GOOD\"", run.stdout());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"it's");
}

#[test]
fn json_and_yaml_exports_import_back_to_the_same_values() {
    let env = TestEnv::unlocked();
    env.set("A", "yes");
    env.set("B", "0755");
    env.set("C", "multi\nline");
    for (format, file) in [("json", "out.json"), ("yaml", "out.yaml")] {
        let out = env.ok(&["export", "--format", format]);
        let path = env.write(file, out);
        env.ok(&["env", "create", format]);
        env.ok(&["import", path.to_str().unwrap(), "-e", format]);
        for (k, v) in [("A", "yes"), ("B", "0755"), ("C", "multi\nline")] {
            assert_eq!(env.ok(&["get", k, "-e", format]), v, "{format} {k}");
        }
    }
}

#[test]
fn export_refuses_a_binary_value_in_a_text_format_naming_it() {
    let env = TestEnv::unlocked();
    env.set("BIN", [0xffu8, 0xfe]);
    let err = env.fails(&["export"], 8);
    assert!(err.contains("BIN") && err.contains("not UTF-8"), "{err}");
}

#[test]
fn a_hundred_thousand_items_import_and_list() {
    let env = TestEnv::unlocked();
    let body: String = (0..100_000)
        .map(|i| format!("KEY_{i}=value-{i}\n"))
        .collect();
    let file = env.write("big.env", body);
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(names(&env, &[]).len(), 100_000);
    assert_eq!(env.get("KEY_99999"), b"value-99999");
}

#[test]
fn json_and_yaml_scalars_are_stored_exactly_as_written() {
    let env = TestEnv::unlocked();
    let yaml = "\
hex: 0xDEADBEEF
octal: 0o17
plus: +12
version: 1.10
big: 123456789012345678901234567890
flag: yes
none: ~
date: 2001-12-14t21:59:43.10-05:00
";
    let file = env.write("in.yaml", yaml);
    env.ok(&["import", file.to_str().unwrap()]);
    let expected = [
        ("hex", "0xDEADBEEF"),
        ("octal", "0o17"),
        ("plus", "+12"),
        ("version", "1.10"),
        ("big", "123456789012345678901234567890"),
        ("flag", "yes"),
        ("none", ""),
        ("date", "2001-12-14t21:59:43.10-05:00"),
    ];
    for (key, value) in expected {
        assert_eq!(env.get(key), value.as_bytes(), "yaml {key}");
    }
    let json =
        r#"{"big": 123456789012345678901234567890, "f": 1.50, "e": 1E+3, "t": true, "n": null}"#;
    let file = env.write("in.json", json);
    env.ok(&["env", "create", "j"]);
    env.ok(&["import", file.to_str().unwrap(), "-e", "j"]);
    let expected = [
        ("big", "123456789012345678901234567890"),
        ("f", "1.50"),
        ("e", "1E+3"),
        ("t", "true"),
        ("n", ""),
    ];
    for (key, value) in expected {
        assert_eq!(env.ok(&["get", key, "-e", "j"]), value, "json {key}");
    }
}

#[test]
fn a_yaml_tag_is_refused_with_its_position_and_without_the_value() {
    let env = TestEnv::unlocked();
    let file = env.write("tagged.yaml", "ok: 1\npassword: !!int \"hunter2\"\n");
    let err = env.fails(&["import", file.to_str().unwrap()], 8);
    assert!(err.contains("tagged.yaml:2:11:"), "{err}");
    assert!(err.contains("\"password\": YAML tags"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert!(names(&env, &[]).is_empty());
}

#[test]
fn a_line_without_equals_is_reported_without_its_text() {
    let env = TestEnv::unlocked();
    let pem_line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    let file = env.write("pem.env", format!("A=1\n{pem_line}\n"));
    let err = env.fails(&["import", file.to_str().unwrap()], 8);
    assert!(err.contains("pem.env:2:53:"), "{err}");
    assert!(!err.contains("MIIE"), "{err}");
}

#[test]
fn billion_laughs_yaml_is_refused_quickly_and_imports_nothing() {
    let env = TestEnv::unlocked();
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let list = [format!("*a{}", level - 1).as_str(); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    let file = env.write("laughs.yaml", yaml);
    let started = std::time::Instant::now();
    let err = env.fails(&["import", file.to_str().unwrap()], 8);
    assert!(
        err.contains("YAML aliases repeat more than 100000 items"),
        "{err}"
    );
    // It ran for 32 s and 812 MB before the bound.
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(names(&env, &[]).is_empty());
}

#[test]
fn input_over_max_size_is_refused_naming_the_flag() {
    let env = TestEnv::unlocked();
    let file = env.write("big.env", "A=0123456789\n".repeat(100));
    let path = file.to_str().unwrap();
    let err = env.fails(&["-e", "dev", "import", path, "--max-size", "1KiB"], 8);
    assert!(err.contains("larger than --max-size (1024 bytes)"), "{err}");
    assert!(
        err.contains(&format!(
            "`secretscli -e dev import {path} --max-size 1MiB`"
        )),
        "{err}"
    );
    let run = env.run_stdin(
        &["import", "-", "--max-size", "1000"],
        "A=0123456789\n".repeat(100),
    );
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("<stdin> is larger than --max-size"),
        "{}",
        run.stderr
    );
    assert!(names(&env, &[]).is_empty());
    // Exactly at the limit is fine.
    env.ok(&["import", path, "--max-size", "1300"]);
    assert_eq!(env.get("A"), b"0123456789");
}

#[test]
fn diff_file_is_bounded_like_import_and_never_quoted() {
    let env = TestEnv::unlocked();
    env.set("A", "0123456789");
    let file = env.write("big.env", "A=0123456789\n".repeat(100));
    let path = file.to_str().unwrap();
    let err = env.fails(
        &["-e", "dev", "diff", "--file", path, "--max-size", "1KiB"],
        8,
    );
    assert!(err.contains("larger than --max-size (1024 bytes)"), "{err}");
    assert!(err.contains("nothing was compared"), "{err}");
    assert!(!err.contains("0123456789"), "{err}");
    assert!(
        err.contains(&format!(
            "secretscli -e dev diff --file {path} --max-size 1MiB"
        )),
        "{err}"
    );
    // Within the limit the comparison runs: the file repeats A with the stored value.
    env.ok(&["-e", "dev", "diff", "--file", path]);
}

#[test]
fn more_items_than_the_limit_are_refused() {
    let env = TestEnv::unlocked();
    // Repeats count (the bound is on work), so a 3 MB file reaches it.
    let file = env.write("many.env", "A=\n".repeat(1_000_001));
    let err = env.fails(&["import", file.to_str().unwrap()], 8);
    assert!(
        err.contains("many.env:1000001:1: more than 1000000 assignments"),
        "{err}"
    );
    assert!(names(&env, &[]).is_empty());
}
