
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'secretscli' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'secretscli'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'secretscli' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault with a first project and environment')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault for a while so commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forget the cached key everywhere (keyring and agent)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the vault passphrase')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault, lock state and context')
            [CompletionResult]::new('project', 'project', [CompletionResultType]::ParameterValue, 'Create, list or remove projects')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Create, list, re-parent or remove environments')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one item''s value, raw, for `$(secretscli get KEY)`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List items: names, kind, version, last change, where inherited ones come from')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete an item (soft: `restore` brings it back)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring back a deleted item')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete an item and all its versions, irreversibly')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show an item''s versions: who and when, never values')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Write a new version with an earlier version''s value')
            [CompletionResult]::new('stage', 'stage', [CompletionResultType]::ParameterValue, 'Seal a new value as an item''s `next` version beside the current one (prompt or stdin)')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Make an item''s `next` version current; the current one becomes `previous`')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`')
            [CompletionResult]::new('lease', 'lease', [CompletionResultType]::ParameterValue, 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Run a command with the environment''s items as variables')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a .env, JSON or YAML file (all or nothing)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the environment as dotenv, JSON, YAML, shell or docker env-file')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Show, set or clear the default project and environment')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show or verify the vault''s audit log')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Start a new environment key version (rewrap old data keys with --now)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the vault, key cache and context, and say how to fix what is wrong')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one page per command into a directory')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Register this device with a sync server (bootstrap or invite token)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke this device''s token on the server and forget the login')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Create a one-time token for another device of yours, or a new user with a role')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'List the project''s members, give or change roles, remove members (keys rotate)')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'List, approve (by fingerprint) or revoke devices')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send the project''s new versions to the sync server (-e: one environment)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring in the sync server''s changes to the project (-e: one environment)')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Follow the environment''s changes on the server; run a command on each (names only)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked secrets in files, staged changes or git history (exit 1 when found)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Show, export or import this device''s age identity')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the environment''s values to programs on this host (unix socket or loopback HTTP)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Service tokens for CI and services: create (printed once), list, revoke, credential')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Share links: one value, opened in a browser or `share open`, a few times, for a while')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'Review proposals to protected environments: list, show (--reveal), approve, reject')
            [CompletionResult]::new('recovery', 'recovery', [CompletionResultType]::ParameterValue, 'Recovery kit: split the root key into word shares, restore access from K of them')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Certificate authorities kept in the vault: create, show (PEM), crl')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Short-lived TLS certificates from a vault CA: issue, list, revoke')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the first project (-p/--project does the same)')
            [CompletionResult]::new('--kdf-memory', '--kdf-memory', [CompletionResultType]::ParameterName, 'Argon2id memory cost in MiB (8 to 1024; default 64)')
            [CompletionResult]::new('--kdf-iterations', '--kdf-iterations', [CompletionResultType]::ParameterName, 'Argon2id passes (default 3)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse a weak passphrase instead of warning about it')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;unlock' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to keep the key, e.g. 30m, 8h, 2d')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;passwd' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;status' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;project' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a project with an environment `dev`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List projects')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a project with all its environments and items (irreversible)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;project;create' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;project;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;project;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;project;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a project with an environment `dev`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List projects')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a project with all its environments and items (irreversible)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;project;help;create' {
            break
        }
        'secretscli;project;help;list' {
            break
        }
        'secretscli;project;help;rm' {
            break
        }
        'secretscli;project;help;help' {
            break
        }
        'secretscli;env' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an environment, optionally inheriting another''s items')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s environments')
            [CompletionResult]::new('inherit', 'inherit', [CompletionResultType]::ParameterValue, 'Change what an environment inherits from (cycles are refused)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an environment and its items (irreversible)')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Protect an environment on the sync server (admins): pushes become proposals')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Stop protecting an environment (admins): pushes land directly again')
            [CompletionResult]::new('serve-config', 'serve-config', [CompletionResultType]::ParameterValue, 'Serve an environment''s config items over the server''s config API (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;env;create' {
            [CompletionResult]::new('--inherits', '--inherits', [CompletionResultType]::ParameterName, 'Inherit items from this environment (own items override)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;inherit' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--none', '--none', [CompletionResultType]::ParameterName, 'Inherit from nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;protect' {
            [CompletionResult]::new('--approvals', '--approvals', [CompletionResultType]::ParameterName, 'Approvals a proposal needs, from people other than its author (1 to 10)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;unprotect' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;serve-config' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--off', '--off', [CompletionResultType]::ParameterName, 'Stop serving (the server deletes the values it kept)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;env;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an environment, optionally inheriting another''s items')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s environments')
            [CompletionResult]::new('inherit', 'inherit', [CompletionResultType]::ParameterValue, 'Change what an environment inherits from (cycles are refused)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an environment and its items (irreversible)')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Protect an environment on the sync server (admins): pushes become proposals')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Stop protecting an environment (admins): pushes land directly again')
            [CompletionResult]::new('serve-config', 'serve-config', [CompletionResultType]::ParameterValue, 'Serve an environment''s config items over the server''s config API (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;env;help;create' {
            break
        }
        'secretscli;env;help;list' {
            break
        }
        'secretscli;env;help;inherit' {
            break
        }
        'secretscli;env;help;rm' {
            break
        }
        'secretscli;env;help;protect' {
            break
        }
        'secretscli;env;help;unprotect' {
            break
        }
        'secretscli;env;help;serve-config' {
            break
        }
        'secretscli;env;help;help' {
            break
        }
        'secretscli;set' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Mark as non-secret configuration')
            [CompletionResult]::new('--literal', '--literal', [CompletionResultType]::ParameterName, 'Never expand `${...}` in this value when injecting')
            [CompletionResult]::new('--keep-newline', '--keep-newline', [CompletionResultType]::ParameterName, 'Keep a trailing newline read from stdin (by default one is removed)')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Store an empty value read from stdin or the prompt (by default refused)')
            [CompletionResult]::new('--check-breach', '--check-breach', [CompletionResultType]::ParameterName, 'Also ask Have I Been Pwned whether a secret value is breached (only 5 hex characters of its SHA-1 leave the machine) [default: the context''s check_breach setting]')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'An earlier version instead of the current one')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Also show values (recorded in the audit log)')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Also show this environment''s deleted items')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'List the server''s copy: names, kinds, versions, who and when; no values, no env key needed (works for viewers)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;restore' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;purge' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;history' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;rollback' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Version whose value to bring back')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;stage' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--keep-newline', '--keep-newline', [CompletionResultType]::ParameterName, 'Keep a trailing newline read from stdin (by default one is removed)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;promote' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;rotate' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Finish every rotation a crash or error interrupted (the vault records each step)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;rotate;postgres' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The item holding a URL whose role may CREATE and ALTER roles')
            [CompletionResult]::new('--strategy', '--strategy', [CompletionResultType]::ParameterName, 'alternating: USER and USER_alt take turns, the previous one works until --finish; single: the password changes in place and the old one stops working at once')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--finish', '--finish', [CompletionResultType]::ParameterName, 'After the overlap: lock the previous login (NOLOGIN, no password, sessions ended)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;rotate;help' {
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;rotate;help;postgres' {
            break
        }
        'secretscli;rotate;help;help' {
            break
        }
        'secretscli;lease' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the leases recorded in the vault')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a lease now: its sessions terminated, its login dropped')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Revoke every lease that expired or whose `lease postgres` is gone')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;lease;postgres' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The item holding a URL whose role may CREATE ROLE and is a member of ROLE')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'The role granted to the lease''s login (a group role holding the privileges)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the lease lasts (the login''s VALID UNTIL); it is revoked at its end')
            [CompletionResult]::new('--max-ttl', '--max-ttl', [CompletionResultType]::ParameterName, 'The latest end `lease renew` may set, from the lease''s creation')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lease;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lease;renew' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'The new end, from now')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lease;revoke' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lease;reap' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;lease;help' {
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the leases recorded in the vault')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a lease now: its sessions terminated, its login dropped')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Revoke every lease that expired or whose `lease postgres` is gone')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;lease;help;postgres' {
            break
        }
        'secretscli;lease;help;list' {
            break
        }
        'secretscli;lease;help;renew' {
            break
        }
        'secretscli;lease;help;revoke' {
            break
        }
        'secretscli;lease;help;reap' {
            break
        }
        'secretscli;lease;help;help' {
            break
        }
        'secretscli;inject' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these items (comma-separated stored names); references may still use others')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Prefix every variable name, e.g. APP_')
            [CompletionResult]::new('--name-transform', '--name-transform', [CompletionResultType]::ParameterName, 'Turn stored names into variable names (database.host -> DATABASE_HOST with upper)')
            [CompletionResult]::new('--allow-dangerous', '--allow-dangerous', [CompletionResultType]::ParameterName, 'Inject this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable')
            [CompletionResult]::new('--on-change', '--on-change', [CompletionResultType]::ParameterName, 'With --watch, what a change does: restart (SIGTERM, --grace, SIGKILL, start again), signal:NAME (e.g. signal:HUP; the command keeps its old variables and reloads by itself), or none (only say so)')
            [CompletionResult]::new('--restart-group', '--restart-group', [CompletionResultType]::ParameterName, 'With --watch on an environment that syncs: before each restart, take one of --max-restarting slots of this group on the server, so that the commands of one group restart a few at a time (letters, digits, ''.'', ''_'', ''-'')')
            [CompletionResult]::new('--max-restarting', '--max-restarting', [CompletionResultType]::ParameterName, 'With --restart-group: how many commands of the group may restart at once')
            [CompletionResult]::new('--healthy-after', '--healthy-after', [CompletionResultType]::ParameterName, 'With --restart-group: how long a restarted command must run before its slot is given back (it is given back at once if the command exits)')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'With --watch, how to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The schema for --check [default: secretscli.schema.toml here or in a parent directory]')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'On restart, how long to wait after SIGTERM before SIGKILL')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Inject the values of this encrypted env file (`file encrypt`) instead of the vault''s environment; the file names its environment, whose key opens it')
            [CompletionResult]::new('--alias', '--alias', [CompletionResultType]::ParameterName, 'Which version of each item: `next` takes an item''s staged version (`stage`) where it has one and its current version elsewhere, to try a rotation before `promote`')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Also hand over the issued certificate NAME (`cert issue`) as TLS_CERT, TLS_KEY and TLS_CA (PEM)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--override', '--override', [CompletionResultType]::ParameterName, 'Vault values replace variables already set (by default the existing variable wins)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail on a ${NAME} reference that matches no item and no variable (default: empty + warning)')
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Start your $SHELL with the variables (names that are not shell identifiers are skipped)')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Replace secret values in the command''s output with <concealed by secretscli> [default: on when $CI is set and stdout is not a terminal]')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Never mask output')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Restart the command when an item it uses changes (here, or, for an environment that syncs, pushed by another device: followed on the server''s change feed)')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'Refresh the environment from its sync server before starting (a few seconds at most; when that fails the local copy is used, saying so) [default: `context set --pull on|off`, else off]')
            [CompletionResult]::new('--no-pull', '--no-pull', [CompletionResultType]::ParameterName, 'Do not refresh from the server before starting, whatever the context says')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Refuse to start when a key secretscli.schema.toml requires is missing or ill-typed; missing keys with a default get it')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Input format [default: from the extension, else dotenv]')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse input larger than this (bytes, or with KiB, MiB or GiB). Whatever the size, at most 1,000,000 items are read, and YAML aliases may repeat at most 100,000 items')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Mark every imported item as non-secret configuration')
            [CompletionResult]::new('--check-breach', '--check-breach', [CompletionResultType]::ParameterName, 'Also ask Have I Been Pwned whether secret values are breached (only 5 hex characters of each SHA-1 leave the machine) [default: the context''s check_breach setting]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be created, updated or unchanged, and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the outcome as JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (mode 0600) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (mode 0600) instead of stdout')
            [CompletionResult]::new('--allow-dangerous', '--allow-dangerous', [CompletionResultType]::ParameterName, 'Export this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Export the stored text: no ${...} expansion, dangerous names included')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;context' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the context and where each value comes from')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove the global context (or, with --here, this directory''s file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;context;set' {
            [CompletionResult]::new('--check-breach', '--check-breach', [CompletionResultType]::ParameterName, 'Have `set` and `import` check secret values against Have I Been Pwned (k-anonymity)')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'Have `inject` refresh from the sync server before starting (`inject --pull`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--here', '--here', [CompletionResultType]::ParameterName, 'Write .secretscli.toml in the current directory instead of the global config')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;context;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;context;clear' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--here', '--here', [CompletionResultType]::ParameterName, 'Remove .secretscli.toml in the current directory')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;context;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the context and where each value comes from')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove the global context (or, with --here, this directory''s file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;context;help;set' {
            break
        }
        'secretscli;context;help;show' {
            break
        }
        'secretscli;context;help;clear' {
            break
        }
        'secretscli;context;help;help' {
            break
        }
        'secretscli;audit' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show only the newest N entries')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Show only entries since a duration ago (90m, 2d) or a date (2026-01-31, RFC 3339)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the hash chain; exits 6 when an entry was edited or removed')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'The sync server''s audit log instead of this vault''s (admin)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;rotate-key' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Rewrap every data key to the new version now (values are not re-encrypted)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;doctor' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page into this directory (created if missing) instead of printing the top-level page')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;login' {
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bootstrap or invite token [default: $SECRETSCLI_TOKEN, else a hidden prompt]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of this device on the server [default: user@host]')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name, when the token creates a user (bootstrap or user invite) [default: $USER]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host other than this machine')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;logout' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;invite' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The new user''s name (they log in with `login --user NAME`)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The role the new user gets in the project (-e: in one environment)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the token stays valid, e.g. 15m, 1h, 2days')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--self', '--self', [CompletionResultType]::ParameterName, 'For another device of your own user; it stays pending until approved')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;member' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Give a user a role on the project (default) or on one environment (-e)')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'Change a user''s role on the project, or on one environment (-e)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user from the project, or from one environment (-e)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;member;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;member;add' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'viewer, reader, writer or admin')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'The whole project, every environment (the default without -e)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;member;role' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Rewrap every data key to the new env key now (default: lazily)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (what was exposed, what was rotated)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;member;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Rewrap every data key to the new env key now (default: lazily)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (what was exposed, what was rotated)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;member;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Give a user a role on the project (default) or on one environment (-e)')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'Change a user''s role on the project, or on one environment (-e)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user from the project, or from one environment (-e)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;member;help;list' {
            break
        }
        'secretscli;member;help;add' {
            break
        }
        'secretscli;member;help;role' {
            break
        }
        'secretscli;member;help;rm' {
            break
        }
        'secretscli;member;help;help' {
            break
        }
        'secretscli;device' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your devices (an admin: --user NAME for another user''s)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending device after comparing its fingerprint, and give it the keys')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a device: its token and keys go, the env keys it held are rotated')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;device;list' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Another user''s devices (admins of a shared project, server admins)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;device;approve' {
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'The fingerprint the new device showed; refused when it differs')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The device''s user, when it is not yours (admins)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;device;revoke' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The device''s user, when it is not yours (admins)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Rewrap every data key to the new env key now (default: lazily)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (what was exposed, what was rotated)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;device;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your devices (an admin: --user NAME for another user''s)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending device after comparing its fingerprint, and give it the keys')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a device: its token and keys go, the env keys it held are rotated')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;device;help;list' {
            break
        }
        'secretscli;device;help;approve' {
            break
        }
        'secretscli;device;help;revoke' {
            break
        }
        'secretscli;device;help;help' {
            break
        }
        'secretscli;push' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent; change nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'On conflict keep ours: the server''s versions become history under ours')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;pull' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; change nothing')
            [CompletionResult]::new('--theirs', '--theirs', [CompletionResultType]::ParameterName, 'On conflict keep the server''s version (local unpushed changes are dropped)')
            [CompletionResult]::new('--ours', '--ours', [CompletionResultType]::ParameterName, 'On conflict keep ours (the server''s become history; push afterwards)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;watch' {
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'How to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and long-poll when the server refuses the upgrade)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print each event as one JSON line on stdout (`changed`, `away`, `back`, `pull_failed`, `poll_fallback`, `failed_over`)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;diff' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Compare this dotenv file with the environment (instead of the server)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'With --file: refuse a file larger than this (bytes, or with KiB, MiB or GiB)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show the values of differing items (recorded in the audit log)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;scan' {
            [CompletionResult]::new('--git-history', '--git-history', [CompletionResultType]::ParameterName, 'Scan the lines added by commits in RANGE (default: every branch and tag)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Accept the findings in FILE (an earlier `scan --format json` report)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan what `git commit` would add now (the index), not files')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Also scan files .gitignore excludes')
            [CompletionResult]::new('--no-vault', '--no-vault', [CompletionResultType]::ParameterName, 'Do not search for the vault''s values, even when it is unlocked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('install-hook', 'install-hook', [CompletionResultType]::ParameterValue, 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;scan;install-hook' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;scan;help' {
            [CompletionResult]::new('install-hook', 'install-hook', [CompletionResultType]::ParameterValue, 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;scan;help;install-hook' {
            break
        }
        'secretscli;scan;help;help' {
            break
        }
        'secretscli;check' {
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The schema file [default: secretscli.schema.toml here or in a parent directory]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check every environment of the project, and their parity (same names; secrets differ)')
            [CompletionResult]::new('--init', '--init', [CompletionResultType]::ParameterName, 'Write a schema describing the current environment (required keys, kinds, types)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --init: replace an existing schema file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;identity' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print this device''s public age recipient')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write this device''s identity as a passphrase-protected age file')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Replace this device''s identity with one exported elsewhere')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;identity;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;identity;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file [default: stdout, when it is not a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file [default: stdout, when it is not a terminal]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;identity;import' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;identity;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print this device''s public age recipient')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write this device''s identity as a passphrase-protected age file')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Replace this device''s identity with one exported elsewhere')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;identity;help;show' {
            break
        }
        'secretscli;identity;help;export' {
            break
        }
        'secretscli;identity;help;import' {
            break
        }
        'secretscli;identity;help;help' {
            break
        }
        'secretscli;server' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (port 0 picks a free one; the bound address is printed)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Directory of the SQLite store [default: $SECRETSCLI_SERVER_DATA, else $XDG_DATA_HOME/secretscli/server]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Use PostgreSQL instead of SQLite (`?options=-csearch_path%3DNAME` picks a schema)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this PEM certificate chain (needs --tls-key)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key for --tls-cert')
            [CompletionResult]::new('--bootstrap-token-file', '--bootstrap-token-file', [CompletionResultType]::ParameterName, 'Take the bootstrap token from FILE (created with a new token, mode 0600, if missing) instead of printing one')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body accepted (clients keep each push under 4 MiB; bigger bodies get 413)')
            [CompletionResult]::new('--max-watchers', '--max-watchers', [CompletionResultType]::ParameterName, 'Most change-feed requests this node holds at once (one more gets 503 `unavailable`)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--trust-proxy', '--trust-proxy', [CompletionResultType]::ParameterName, 'Behind a reverse proxy: take the client address (rate limit, log, audit) from the right-most X-Forwarded-For entry, which the proxy appended (ignored without this flag)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Serve on this TCP address, e.g. 127.0.0.1:8200 (loopback only, a bearer on every request)')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Serve on a unix socket at this path, created 0600 (no bearer: the file mode is the gate)')
            [CompletionResult]::new('--bearer-file', '--bearer-file', [CompletionResultType]::ParameterName, 'With --listen: write the bearer to this file (0600) instead of printing it once on stderr')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'With --listen: serve TLS with this certificate (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'With --listen: the TLS certificate''s private key (PEM)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'With a service token: fetch its values at least this often (it also fetches on each change the server''s feed reports)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Allow a non-loopback --listen address (only with --tls-cert and --tls-key)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a .env file for git: names, comments and order stay readable')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Check and decrypt an encrypted env file to stdout or a 0600 file')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'For CI: fail when a file that should be encrypted holds a plaintext value')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;file;encrypt' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write [default: .env.ENV.enc next to FILE]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write [default: .env.ENV.enc next to FILE]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file;decrypt' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this new file (mode 0600) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this new file (mode 0600) instead of stdout')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file;edit' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file;check' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the problems as JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file;merge-driver' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;file;help' {
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a .env file for git: names, comments and order stay readable')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Check and decrypt an encrypted env file to stdout or a 0600 file')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'For CI: fail when a file that should be encrypted holds a plaintext value')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;file;help;encrypt' {
            break
        }
        'secretscli;file;help;decrypt' {
            break
        }
        'secretscli;file;help;edit' {
            break
        }
        'secretscli;file;help;check' {
            break
        }
        'secretscli;file;help;merge-driver' {
            break
        }
        'secretscli;file;help;help' {
            break
        }
        'secretscli;token' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a service token for one or more environments (-e, repeatable); printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of environments you administer: scope, expiry, uses, last use')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: the server forgets its share and wraps, so no copy opens anything')
            [CompletionResult]::new('credential', 'credential', [CompletionResultType]::ParameterValue, 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;token;create' {
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long it works, e.g. 30d, 12h (default: until revoked)')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Only items whose names match these globs, e.g. ''auth.*,db.*'' (server-enforced)')
            [CompletionResult]::new('--cidr', '--cidr', [CompletionResultType]::ParameterName, 'Only from these client addresses, e.g. 10.0.0.0/8,192.0.2.7')
            [CompletionResult]::new('--max-uses', '--max-uses', [CompletionResultType]::ParameterName, 'At most this many uses')
            [CompletionResult]::new('--oidc-issuer', '--oidc-issuer', [CompletionResultType]::ParameterName, 'Also require an OIDC ID token from this issuer, e.g. https://token.actions.githubusercontent.com')
            [CompletionResult]::new('--oidc-audience', '--oidc-audience', [CompletionResultType]::ParameterName, 'The audience the ID token must carry (with --oidc-issuer)')
            [CompletionResult]::new('--oidc-subject', '--oidc-subject', [CompletionResultType]::ParameterName, 'Glob the ID token''s subject must match, e.g. ''repo:org/app:ref:refs/heads/main''')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Also write: `set` and `import` with the token push to its environment (read-only otherwise)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the token and what the server stored)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;token;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;token;revoke' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Also start a new key version of its environments (values it read stay exposed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;token;credential' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the service token from stdin (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a service token for one or more environments (-e, repeatable); printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of environments you administer: scope, expiry, uses, last use')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: the server forgets its share and wraps, so no copy opens anything')
            [CompletionResult]::new('credential', 'credential', [CompletionResultType]::ParameterValue, 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;token;help;create' {
            break
        }
        'secretscli;token;help;list' {
            break
        }
        'secretscli;token;help;revoke' {
            break
        }
        'secretscli;token;help;credential' {
            break
        }
        'secretscli;token;help;help' {
            break
        }
        'secretscli;share' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a link that reveals one item''s value in a browser or `share open`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the links you created: item, views, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a link: it stops working and the server forgets its ciphertext')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a link here (counts one view) and print the value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;share;create' {
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long the link works, e.g. 10m, 1h, 7d (at most 30d)')
            [CompletionResult]::new('--views', '--views', [CompletionResultType]::ParameterName, 'How many times it may be revealed (1-100)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Seal it to this user''s devices instead: only their `share open` can open it')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Also require a password, asked here (or the first line of stdin) and part of the key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (the link and what the server stored)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;share;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;share;revoke' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;share;open' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;share;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a link that reveals one item''s value in a browser or `share open`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the links you created: item, views, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a link: it stops working and the server forgets its ciphertext')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a link here (counts one view) and print the value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;share;help;create' {
            break
        }
        'secretscli;share;help;list' {
            break
        }
        'secretscli;share;help;revoke' {
            break
        }
        'secretscli;share;help;open' {
            break
        }
        'secretscli;share;help;help' {
            break
        }
        'secretscli;changes' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the pending proposals of the project (-e: of one environment)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a proposal: who, from which revision, which names it sets or deletes')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a proposal (a writer or admin other than its author)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposal (a writer or admin), or withdraw your own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;changes;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;changes;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Decrypt and print the proposed values')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;changes;approve' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;changes;reject' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;changes;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the pending proposals of the project (-e: of one environment)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a proposal: who, from which revision, which names it sets or deletes')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a proposal (a writer or admin other than its author)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposal (a writer or admin), or withdraw your own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;changes;help;list' {
            break
        }
        'secretscli;changes;help;show' {
            break
        }
        'secretscli;changes;help;approve' {
            break
        }
        'secretscli;changes;help;reject' {
            break
        }
        'secretscli;changes;help;help' {
            break
        }
        'secretscli;recovery' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Cut the vault''s root key into word shares, any --threshold of which rebuild it')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;recovery;split' {
            [CompletionResult]::new('--shares', '--shares', [CompletionResultType]::ParameterName, 'How many shares to print')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'How many shares rebuild the key')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;recovery;restore' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;recovery;help' {
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Cut the vault''s root key into word shares, any --threshold of which rebuild it')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;recovery;help;split' {
            break
        }
        'secretscli;recovery;help;restore' {
            break
        }
        'secretscli;recovery;help;help' {
            break
        }
        'secretscli;ca' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the CA certificate (PEM, public): what servers and clients trust')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Print the CA''s certificate revocation list (PEM), valid for 7 days')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;ca;create' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the CA is valid, e.g. 5y, 90d')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;ca;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;ca;crl' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;ca;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the CA certificate (PEM, public): what servers and clients trust')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Print the CA''s certificate revocation list (PEM), valid for 7 days')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;ca;help;create' {
            break
        }
        'secretscli;ca;help;show' {
            break
        }
        'secretscli;ca;help;crl' {
            break
        }
        'secretscli;ca;help;help' {
            break
        }
        'secretscli;cert' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List issued certificates: name, CN, serial, CA, expiry, status')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;cert;issue' {
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'Subject alternative name: DNS:host, IP:addr, or a bare host or address; repeatable')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long it is valid, e.g. 24h, 30m')
            [CompletionResult]::new('--usage', '--usage', [CompletionResultType]::ParameterName, 'What it is for: server, client (mutual TLS) or both')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The issuing CA [default: the project''s only CA]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name to keep it under [default: the CN]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'secretscli;cert;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;cert;revoke' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project to use [default: from the context; see `context show`]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment to use [default: from the context, else `dev`]; push and pull: only this one')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Sync server URL(s), comma-separated [default: from the context; see `context show`]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (first line) instead of prompting')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (also: NO_COLOR=1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain errors in more detail: every cause, and what the exit code means')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'secretscli;cert;help' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List issued certificates: name, CN, serial, CA, expiry, status')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;cert;help;issue' {
            break
        }
        'secretscli;cert;help;list' {
            break
        }
        'secretscli;cert;help;revoke' {
            break
        }
        'secretscli;cert;help;help' {
            break
        }
        'secretscli;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault with a first project and environment')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault for a while so commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forget the cached key everywhere (keyring and agent)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the vault passphrase')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault, lock state and context')
            [CompletionResult]::new('project', 'project', [CompletionResultType]::ParameterValue, 'Create, list or remove projects')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Create, list, re-parent or remove environments')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one item''s value, raw, for `$(secretscli get KEY)`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List items: names, kind, version, last change, where inherited ones come from')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete an item (soft: `restore` brings it back)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring back a deleted item')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete an item and all its versions, irreversibly')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show an item''s versions: who and when, never values')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Write a new version with an earlier version''s value')
            [CompletionResult]::new('stage', 'stage', [CompletionResultType]::ParameterValue, 'Seal a new value as an item''s `next` version beside the current one (prompt or stdin)')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Make an item''s `next` version current; the current one becomes `previous`')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`')
            [CompletionResult]::new('lease', 'lease', [CompletionResultType]::ParameterValue, 'Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`, `lease list`, `renew`, `revoke`, `reap`')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Run a command with the environment''s items as variables')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a .env, JSON or YAML file (all or nothing)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the environment as dotenv, JSON, YAML, shell or docker env-file')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Show, set or clear the default project and environment')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show or verify the vault''s audit log')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Start a new environment key version (rewrap old data keys with --now)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the vault, key cache and context, and say how to fix what is wrong')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one page per command into a directory')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Register this device with a sync server (bootstrap or invite token)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke this device''s token on the server and forget the login')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Create a one-time token for another device of yours, or a new user with a role')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'List the project''s members, give or change roles, remove members (keys rotate)')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'List, approve (by fingerprint) or revoke devices')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send the project''s new versions to the sync server (-e: one environment)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring in the sync server''s changes to the project (-e: one environment)')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Follow the environment''s changes on the server; run a command on each (names only)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked secrets in files, staged changes or git history (exit 1 when found)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check environments against secretscli.schema.toml and each other (exit 1 on findings)')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Show, export or import this device''s age identity')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the environment''s values to programs on this host (unix socket or loopback HTTP)')
            [CompletionResult]::new('file', 'file', [CompletionResultType]::ParameterValue, 'Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Service tokens for CI and services: create (printed once), list, revoke, credential')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Share links: one value, opened in a browser or `share open`, a few times, for a while')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'Review proposals to protected environments: list, show (--reveal), approve, reject')
            [CompletionResult]::new('recovery', 'recovery', [CompletionResultType]::ParameterValue, 'Recovery kit: split the root key into word shares, restore access from K of them')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Certificate authorities kept in the vault: create, show (PEM), crl')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Short-lived TLS certificates from a vault CA: issue, list, revoke')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'secretscli;help;init' {
            break
        }
        'secretscli;help;unlock' {
            break
        }
        'secretscli;help;lock' {
            break
        }
        'secretscli;help;passwd' {
            break
        }
        'secretscli;help;status' {
            break
        }
        'secretscli;help;project' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a project with an environment `dev`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List projects')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a project with all its environments and items (irreversible)')
            break
        }
        'secretscli;help;project;create' {
            break
        }
        'secretscli;help;project;list' {
            break
        }
        'secretscli;help;project;rm' {
            break
        }
        'secretscli;help;env' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an environment, optionally inheriting another''s items')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s environments')
            [CompletionResult]::new('inherit', 'inherit', [CompletionResultType]::ParameterValue, 'Change what an environment inherits from (cycles are refused)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an environment and its items (irreversible)')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Protect an environment on the sync server (admins): pushes become proposals')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Stop protecting an environment (admins): pushes land directly again')
            [CompletionResult]::new('serve-config', 'serve-config', [CompletionResultType]::ParameterValue, 'Serve an environment''s config items over the server''s config API (admins)')
            break
        }
        'secretscli;help;env;create' {
            break
        }
        'secretscli;help;env;list' {
            break
        }
        'secretscli;help;env;inherit' {
            break
        }
        'secretscli;help;env;rm' {
            break
        }
        'secretscli;help;env;protect' {
            break
        }
        'secretscli;help;env;unprotect' {
            break
        }
        'secretscli;help;env;serve-config' {
            break
        }
        'secretscli;help;set' {
            break
        }
        'secretscli;help;get' {
            break
        }
        'secretscli;help;list' {
            break
        }
        'secretscli;help;rm' {
            break
        }
        'secretscli;help;restore' {
            break
        }
        'secretscli;help;purge' {
            break
        }
        'secretscli;help;history' {
            break
        }
        'secretscli;help;rollback' {
            break
        }
        'secretscli;help;stage' {
            break
        }
        'secretscli;help;promote' {
            break
        }
        'secretscli;help;rotate' {
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password object): create, set, test, finish; with --finish after the overlap, lock the previous login')
            break
        }
        'secretscli;help;rotate;postgres' {
            break
        }
        'secretscli;help;lease' {
            [CompletionResult]::new('postgres', 'postgres', [CompletionResultType]::ParameterValue, 'Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...) that is granted ROLE, valid until the lease ends, and dropped when the command exits')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the leases recorded in the vault')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Move a lease''s end to now + --ttl (never past its --max-ttl from creation)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a lease now: its sessions terminated, its login dropped')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Revoke every lease that expired or whose `lease postgres` is gone')
            break
        }
        'secretscli;help;lease;postgres' {
            break
        }
        'secretscli;help;lease;list' {
            break
        }
        'secretscli;help;lease;renew' {
            break
        }
        'secretscli;help;lease;revoke' {
            break
        }
        'secretscli;help;lease;reap' {
            break
        }
        'secretscli;help;inject' {
            break
        }
        'secretscli;help;import' {
            break
        }
        'secretscli;help;export' {
            break
        }
        'secretscli;help;context' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the default project, environment and/or server (--project/-p, --env/-e, --server)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the context and where each value comes from')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove the global context (or, with --here, this directory''s file)')
            break
        }
        'secretscli;help;context;set' {
            break
        }
        'secretscli;help;context;show' {
            break
        }
        'secretscli;help;context;clear' {
            break
        }
        'secretscli;help;audit' {
            break
        }
        'secretscli;help;rotate-key' {
            break
        }
        'secretscli;help;doctor' {
            break
        }
        'secretscli;help;completions' {
            break
        }
        'secretscli;help;man' {
            break
        }
        'secretscli;help;login' {
            break
        }
        'secretscli;help;logout' {
            break
        }
        'secretscli;help;invite' {
            break
        }
        'secretscli;help;member' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s members: roles, devices, "waiting for keys", "rotation pending"')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Give a user a role on the project (default) or on one environment (-e)')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'Change a user''s role on the project, or on one environment (-e)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a user from the project, or from one environment (-e)')
            break
        }
        'secretscli;help;member;list' {
            break
        }
        'secretscli;help;member;add' {
            break
        }
        'secretscli;help;member;role' {
            break
        }
        'secretscli;help;member;rm' {
            break
        }
        'secretscli;help;device' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your devices (an admin: --user NAME for another user''s)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending device after comparing its fingerprint, and give it the keys')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a device: its token and keys go, the env keys it held are rotated')
            break
        }
        'secretscli;help;device;list' {
            break
        }
        'secretscli;help;device;approve' {
            break
        }
        'secretscli;help;device;revoke' {
            break
        }
        'secretscli;help;push' {
            break
        }
        'secretscli;help;pull' {
            break
        }
        'secretscli;help;watch' {
            break
        }
        'secretscli;help;diff' {
            break
        }
        'secretscli;help;scan' {
            [CompletionResult]::new('install-hook', 'install-hook', [CompletionResultType]::ParameterValue, 'Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)')
            break
        }
        'secretscli;help;scan;install-hook' {
            break
        }
        'secretscli;help;check' {
            break
        }
        'secretscli;help;identity' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print this device''s public age recipient')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write this device''s identity as a passphrase-protected age file')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Replace this device''s identity with one exported elsewhere')
            break
        }
        'secretscli;help;identity;show' {
            break
        }
        'secretscli;help;identity;export' {
            break
        }
        'secretscli;help;identity;import' {
            break
        }
        'secretscli;help;server' {
            break
        }
        'secretscli;help;serve' {
            break
        }
        'secretscli;help;file' {
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a .env file for git: names, comments and order stay readable')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Check and decrypt an encrypted env file to stdout or a 0600 file')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'For CI: fail when a file that should be encrypted holds a plaintext value')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name')
            break
        }
        'secretscli;help;file;encrypt' {
            break
        }
        'secretscli;help;file;decrypt' {
            break
        }
        'secretscli;help;file;edit' {
            break
        }
        'secretscli;help;file;check' {
            break
        }
        'secretscli;help;file;merge-driver' {
            break
        }
        'secretscli;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a service token for one or more environments (-e, repeatable); printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of environments you administer: scope, expiry, uses, last use')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: the server forgets its share and wraps, so no copy opens anything')
            [CompletionResult]::new('credential', 'credential', [CompletionResultType]::ParameterValue, 'Print a token''s HTTP credential (scsa_...) for apps that read the server''s config API')
            break
        }
        'secretscli;help;token;create' {
            break
        }
        'secretscli;help;token;list' {
            break
        }
        'secretscli;help;token;revoke' {
            break
        }
        'secretscli;help;token;credential' {
            break
        }
        'secretscli;help;share' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a link that reveals one item''s value in a browser or `share open`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the links you created: item, views, expiry, state')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a link: it stops working and the server forgets its ciphertext')
            [CompletionResult]::new('open', 'open', [CompletionResultType]::ParameterValue, 'Open a link here (counts one view) and print the value')
            break
        }
        'secretscli;help;share;create' {
            break
        }
        'secretscli;help;share;list' {
            break
        }
        'secretscli;help;share;revoke' {
            break
        }
        'secretscli;help;share;open' {
            break
        }
        'secretscli;help;changes' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the pending proposals of the project (-e: of one environment)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a proposal: who, from which revision, which names it sets or deletes')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a proposal (a writer or admin other than its author)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a proposal (a writer or admin), or withdraw your own')
            break
        }
        'secretscli;help;changes;list' {
            break
        }
        'secretscli;help;changes;show' {
            break
        }
        'secretscli;help;changes;approve' {
            break
        }
        'secretscli;help;changes;reject' {
            break
        }
        'secretscli;help;recovery' {
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Cut the vault''s root key into word shares, any --threshold of which rebuild it')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)')
            break
        }
        'secretscli;help;recovery;split' {
            break
        }
        'secretscli;help;recovery;restore' {
            break
        }
        'secretscli;help;ca' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the CA certificate (PEM, public): what servers and clients trust')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Print the CA''s certificate revocation list (PEM), valid for 7 days')
            break
        }
        'secretscli;help;ca;create' {
            break
        }
        'secretscli;help;ca;show' {
            break
        }
        'secretscli;help;ca;crl' {
            break
        }
        'secretscli;help;cert' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List issued certificates: name, CN, serial, CA, expiry, status')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate by name or serial: it goes on its CA''s CRL (`ca crl`)')
            break
        }
        'secretscli;help;cert;issue' {
            break
        }
        'secretscli;help;cert;list' {
            break
        }
        'secretscli;help;cert;revoke' {
            break
        }
        'secretscli;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
