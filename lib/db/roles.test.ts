import { describe, expect, it } from "vitest";
import { runtimeUrls } from "./roles";

// Where the app's pools log in (docs/adr/0009): never as DATABASE_URL's user.

describe("runtimeUrls", () => {
  it("uses DATABASE_URL's server and database with the login roles and their password", () => {
    expect(
      runtimeUrls({
        DATABASE_URL: "postgres://owner:owner-secret@db.example:6543/luneo?sslmode=require",
        DATABASE_ROLE_PASSWORD: "pa/ss:word",
      }),
    ).toEqual({
      app: "postgres://luneo_app:pa%2Fss%3Aword@db.example:6543/luneo?sslmode=require",
      system: "postgres://luneo_system:pa%2Fss%3Aword@db.example:6543/luneo?sslmode=require",
    });
  });

  it("drops the owner's password when the roles have none (trust authentication)", () => {
    expect(runtimeUrls({ DATABASE_URL: "postgres://postgres:x@127.0.0.1:5432/luneo" })).toEqual({
      app: "postgres://luneo_app@127.0.0.1:5432/luneo",
      system: "postgres://luneo_system@127.0.0.1:5432/luneo",
    });
  });

  it("takes DATABASE_APP_URL and DATABASE_SYSTEM_URL as given", () => {
    const urls = {
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/luneo",
      DATABASE_APP_URL: "postgres://tenant_login:a@10.0.0.1/luneo",
      DATABASE_SYSTEM_URL: "postgres://system_login:b@10.0.0.1/luneo",
    };
    expect(runtimeUrls(urls)).toEqual({
      app: urls.DATABASE_APP_URL,
      system: urls.DATABASE_SYSTEM_URL,
    });
  });
});
