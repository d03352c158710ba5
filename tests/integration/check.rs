//! `secretscli check` and `inject --check`: environments against a schema file and against
//! each other, with the real binary and a real vault. No report may quote a value.

use crate::util::TestEnv;

const SCHEMA: &str = r#"
[keys.DATABASE_URL]
kind = "secret"
type = "url"
description = "primary database"

[keys.PORT]
kind = "config"
type = "port"

[keys.LOG_LEVEL]
type = "enum"
values = ["debug", "info", "warn"]
default = "info"
"#;

fn team_envs() -> TestEnv {
    let env = TestEnv::unlocked();
    env.ok(&["env", "create", "prod"]);
    env.ok_stdin(
        &["import", "-"],
        "DATABASE_URL=postgres://app:devpass-0001@db/app\n",
    );
    env.ok_stdin(&["import", "-", "--config"], "PORT=8080\n");
    env.ok_stdin(
        &["-e", "prod", "import", "-"],
        "DATABASE_URL=postgres://app:prodpass-0002@db/app\n",
    );
    env.ok_stdin(&["-e", "prod", "import", "-", "--config"], "PORT=80\n");
    env
}

#[test]
fn a_complete_environment_passes_and_a_missing_or_ill_typed_key_fails_by_name() {
    let env = team_envs();
    env.write("secretscli.schema.toml", SCHEMA);
    let out = env.ok(&["check"]);
    assert!(out.contains("app/dev: ok"), "{out}");
    let audit = env.ok(&["audit", "--json"]);
    assert!(
        audit.contains("\"check\""),
        "check decrypts, so it is audited: {audit}"
    );

    env.ok_stdin(&["set", "PORT", "--config"], "http-port-99999");
    env.ok(&["-e", "prod", "rm", "DATABASE_URL"]);
    let run = env.run(&["check", "--all"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = run.stdout();
    assert!(
        out.contains("invalid  PORT: not a port (1-65535) (port)"),
        "{out}"
    );
    assert!(out.contains("app/prod:\n  missing  DATABASE_URL"), "{out}");
    assert!(
        !out.contains("http-port") && !run.stderr.contains("http-port"),
        "{out}"
    );
}

#[test]
fn extra_keys_and_wrong_kinds_are_reported_in_json_for_ci() {
    let env = team_envs();
    env.write("secretscli.schema.toml", SCHEMA);
    env.ok_stdin(&["import", "-"], "STRAY=1\n");
    env.ok_stdin(
        &["set", "DATABASE_URL", "--config"],
        "https://db.example/app",
    );
    let run = env.run(&["check", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["ok"], false);
    let dev = &v["envs"][0];
    assert_eq!(dev["env"], "dev");
    assert_eq!(dev["extra"], serde_json::json!(["STRAY"]));
    assert_eq!(dev["kind"][0]["name"], "DATABASE_URL");
    assert_eq!(dev["kind"][0]["expected"], "secret");
    assert_eq!(dev["defaulted"], serde_json::json!(["LOG_LEVEL"]));
}

#[test]
fn all_without_a_schema_checks_parity_and_secrets_shared_between_environments() {
    let env = team_envs();
    env.ok_stdin(&["import", "-"], "ONLY_DEV=x\n");
    env.ok_stdin(&["set", "API_KEY"], "same-key-everywhere");
    env.ok_stdin(&["-e", "prod", "set", "API_KEY"], "same-key-everywhere");
    let run = env.run(&["check", "--all"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = run.stdout();
    assert!(out.contains("parity   ONLY_DEV: missing in prod"), "{out}");
    assert!(
        out.contains("shared   API_KEY: the same secret value in dev, prod"),
        "{out}"
    );
    assert!(!out.contains("same-key"), "{out}");

    env.ok_stdin(&["-e", "prod", "set", "API_KEY"], "prod-own-key");
    env.ok_stdin(&["-e", "prod", "set", "ONLY_DEV"], "y");
    let out = env.ok(&["check", "--all"]);
    assert!(out.contains("all checks passed"), "{out}");
}

#[test]
fn init_writes_a_schema_the_environment_then_satisfies_and_refuses_to_overwrite_it() {
    let env = team_envs();
    env.ok(&["check", "--init"]);
    let text = std::fs::read_to_string(env.path().join("secretscli.schema.toml")).unwrap();
    assert!(
        text.contains("[keys.PORT]") && text.contains("type = \"port\""),
        "{text}"
    );
    assert!(text.contains("type = \"url\""), "{text}");
    assert!(!text.contains("devpass"), "{text}");
    assert!(env.ok(&["check", "--all"]).contains("all checks passed"));
    let err = env.fails(&["check", "--init"], 7);
    assert!(err.contains("--init --force"), "{err}");
}

#[test]
fn check_without_a_schema_says_how_to_make_one() {
    let env = team_envs();
    let err = env.fails(&["check"], 5);
    assert!(err.contains("no secretscli.schema.toml"), "{err}");
    assert!(err.contains("secretscli check --init"), "{err}");
    env.write("secretscli.schema.toml", "[keys.A]\ntype = \"float\"\n");
    let err = env.fails(&["check"], 8);
    assert!(err.contains("key A: unknown type float"), "{err}");
}

#[test]
fn inject_check_refuses_to_start_without_a_required_key_and_fills_defaults() {
    let env = team_envs();
    env.write("secretscli.schema.toml", SCHEMA);
    let out = env.ok(&[
        "inject",
        "--check",
        "--",
        "sh",
        "-c",
        "echo level=$LOG_LEVEL port=$PORT",
    ]);
    assert_eq!(out.trim(), "level=info port=8080");

    env.ok(&["rm", "DATABASE_URL"]);
    let marker = env.path().join("started");
    let run = env.run(&["inject", "--check", "--", "touch", marker.to_str().unwrap()]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("DATABASE_URL is missing"),
        "{}",
        run.stderr
    );
    assert!(!marker.exists(), "the command must not start");
}

#[test]
fn inject_check_also_guards_an_encrypted_env_file() {
    let env = team_envs();
    env.write("secretscli.schema.toml", SCHEMA);
    env.write(".env", "PORT=8080\n");
    env.ok(&["file", "encrypt", ".env", "-e", "dev"]);
    let marker = env.path().join("started");
    let run = env.run(&[
        "inject",
        "--file",
        ".env.dev.enc",
        "--check",
        "--",
        "touch",
        marker.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("DATABASE_URL is missing"),
        "{}",
        run.stderr
    );
    assert!(!marker.exists(), "the command must not start");
}
