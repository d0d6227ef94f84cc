#!/usr/bin/env python3
"""Writes the sign-in export fixtures of issue 15 (stserr scan on structured input).

Run from anywhere: python3 tests/data/exports/make_fixtures.py. Standard library only, fixed seeds,
so the output is byte-for-byte the same on every run; commit the script together with its output.
README.md beside it says which real format each file imitates, where its header comes from and what
is invented. expected.json is NOT written here: expect.py re-reads the files this script writes.
"""
import base64
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = dt.timezone.utc

TENANT_ID = "5f1c7a3e-2b8d-4e6a-9c0f-3d7e8b1a4c26"    # the fixture tenant ("Contoso")
TENANT_NAME = "Contoso"
MS_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"  # owner tenant of Microsoft first-party apps
WORKSPACE_ID = "8d2e6f40-1c3b-4a59-b7e8-0f9a2c4d6e13"  # Log Analytics workspace (SigninLogs TenantId)
END = dt.datetime(2024, 5, 21, 23, 40, 0, tzinfo=UTC)   # the three days end here
SPAN = dt.timedelta(days=3)


def guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def b64url(rng, nbytes):
    return base64.urlsafe_b64encode(rng.getrandbits(8 * nbytes).to_bytes(nbytes, "big")).decode().rstrip("=")


# ---------------------------------------------------------------------------------------------
# People, apps, places. Display names include non-ASCII (UTF-8) on purpose; one guest UPN carries
# the #EXT# form Entra gives B2B guests.
USERS = [
    ("Adele Vance", "adele.vance"), ("Alex Wilber", "alex.wilber"), ("Diego Siciliani", "diego.siciliani"),
    ("Grady Archie", "grady.archie"), ("Henrietta Mueller", "henrietta.mueller"), ("Isaiah Langer", "isaiah.langer"),
    ("Johanna Lorenz", "johanna.lorenz"), ("Joni Sherman", "joni.sherman"), ("Lee Gu", "lee.gu"),
    ("Lidia Holloway", "lidia.holloway"), ("Lynne Robbins", "lynne.robbins"), ("Megan Bowen", "megan.bowen"),
    ("Miriam Graham", "miriam.graham"), ("Nestor Wilke", "nestor.wilke"), ("Patti Fernandez", "patti.fernandez"),
    ("Pradeep Gupta", "pradeep.gupta"), ("Zoë Ångström", "zoe.angstrom"), ("李雷", "li.lei"),
    ("韩梅梅", "han.meimei"), ("José Álvarez", "jose.alvarez"), ("Søren Østergaard", "soren.ostergaard"),
    ("Ayşe Yılmaz", "ayse.yilmaz"), ("Łukasz Wróbel", "lukasz.wrobel"), ("Ngozi Okafor", "ngozi.okafor"),
    ("François Dubois", "francois.dubois"), ("Mika Häkkinen", "mika.hakkinen"), ("Priya Raman", "priya.raman"),
    ("Tomás O'Brien", "tomas.obrien"), ("Sven Ølberg, Jr.", "sven.olberg"),
    ("Kai Nakamura (Fabrikam)", "kai.nakamura_fabrikam.com#EXT#"),
]
DOMAIN = "contoso.com"


def upn(local):
    return local + ("@contoso.onmicrosoft.com" if "#EXT#" in local else "@" + DOMAIN)


# Names typed by password sprayers; they have no user object (User ID all zeros, no display name).
SPRAY_NAMES = ["admin@contoso.com", "administrator@contoso.com", "test@contoso.com", "it.support@contoso.com",
               "scanner@contoso.com"]

# (display name, app id, resource display name, resource id); the ids of the Microsoft apps are
# their real well-known ids.
APPS = [
    ("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
    ("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"),
    ("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"),
    ("Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"),
    ("Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    ("OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca"),
    ("Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    ("Contoso Expenses", "3b9e1c47-8a2d-4f06-b5e1-7c9d0a2f6e84", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
]
FIRST_PARTY = {a[1] for a in APPS[:7]}

# City, state, country code, (lat, lon), autonomous system number
PLACES = [
    ("Hamburg", "Hamburg", "DE", (53.55, 9.99), 3320), ("Munich", "Bavaria", "DE", (48.14, 11.58), 3320),
    ("London", "England", "GB", (51.51, -0.13), 2856), ("Paris", "Ile-de-France", "FR", (48.86, 2.35), 3215),
    ("Seattle", "Washington", "US", (47.61, -122.33), 7922), ("Redmond", "Washington", "US", (47.67, -122.12), 8075),
    ("Shanghai", "Shanghai", "CN", (31.23, 121.47), 4812), ("Stockholm", "Stockholms Lan", "SE", (59.33, 18.07), 3301),
    ("São Paulo", "Sao Paulo", "BR", (-23.55, -46.63), 28573), ("Lagos", "Lagos", "NG", (6.45, 3.39), 37148),
]

UAS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Chrome 124.0.0", "Windows10", "Browser"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", "Edge 124.0.2478", "Windows10", "Browser"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", "Safari 17.4.1", "MacOs", "Browser"),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Firefox 125.0", "Linux", "Browser"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Mobile Safari", "Ios 17.4.1", "Mobile Apps and Desktop clients"),
    ("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)", "", "Windows10", "Mobile Apps and Desktop clients"),
    ("Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP1A.240405.002)", "", "Android 14", "Mobile Apps and Desktop clients"),
]
SPRAY_UA = ("python-requests/2.31.0", "", "", "Other clients")
IMAP_UA = ("", "", "", "IMAP4")


def ipv4(rng):
    return rng.choice(["203.0.113.", "198.51.100.", "192.0.2."]) + str(rng.randint(2, 254))


def ipv6(rng):
    return "2001:db8:%x:%x::%x" % (rng.randint(0x10, 0xfff), rng.randint(1, 0xff), rng.randint(1, 0xffff))


# ---------------------------------------------------------------------------------------------
# Error codes. Failure reasons are Microsoft's texts: the sign-in report table ("Sign-in activity
# report error codes", azure-docs 2018) or the AADSTS message with its placeholders filled in.
# 9999991-9999993 are invented codes no catalogue has; 9999991's reason holds a newline.
INTERRUPTS = {
    "50074": "Strong Authentication is required.",
    "50076": "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
    "50140": 'This error occurred due to "Keep me signed in" interrupt when the user was signing-in.',
    "50097": "Device authentication is required.",
    "50158": "External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges.",
    "50125": "Sign-in was interrupted due to a password reset or password registration entry.",
    "16000": "Either multiple user identities are available for the current request or selected account is not supported for the scenario.",
}
FAILURES = {
    "50126": "Error validating credentials due to invalid username or password.",
    "50053": "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
    "50057": "User account is disabled. The account has been disabled by an administrator.",
    "50055": "Invalid password, entered expired password.",
    "50011": "The redirect URI '{redirect}' specified in the request does not match the redirect URIs configured for the application '{app_id}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
    "65001": "The user or administrator has not consented to use the application with ID '{app_id}' named '{app}'. Send an interactive authorization request for this user and resource.",
    "70011": "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope https://graph.microsoft.com/Expenses.ReadWrite openid is not valid.",
    "700016": "Application with identifier '{app_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    "7000215": "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app_id}'.",
    "53003": "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    "530032": "The tenant admin has configured a security policy that blocks this request. Check the security policies that are defined on the tenant level to determine if your request meets the policy requirements.",
    "50105": "The signed in user '{{EmailHidden}}' is not assigned to a role for the application '{app_id}'({app}).",
    "90072": "User account '{{EmailHidden}}' from identity provider 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/' does not exist in tenant 'Contoso' and cannot access the application '{app_id}'({app}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
    "50034": "The user account {{EmailHidden}} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.",
    "500011": "The resource principal named https://expenses-api.contoso.example was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
    "9999991": "Other, unexpected error; \"retry\" may help.\nTrace ID: 6f0e3c1a-2b44-4d7e-9a1f-8c3b5e7d2a00",
    "9999992": "An unrecognised failure, reported by the service as-is.",
    "9999993": "",
}
# weights within the non-success share
CODE_WEIGHTS = {
    "50074": 30, "50076": 14, "50140": 22, "50097": 4, "50158": 3, "50125": 3, "16000": 6,
    "50126": 40, "50053": 8, "50057": 4, "50055": 4, "50011": 6, "65001": 5, "70011": 3, "700016": 3,
    "7000215": 3, "53003": 9, "530032": 3, "50105": 4, "90072": 3, "50034": 7, "500011": 2,
    "9999991": 1, "9999992": 1, "9999993": 1,
}


def make_entra_events(seed, n):
    """The sign-ins shared by the four Entra renderings: one dict each, newest first."""
    rng = random.Random(seed)
    people = []
    for display, local in USERS:
        home = rng.randrange(len(PLACES))
        people.append({
            "display": display, "upn": upn(local), "id": guid(rng), "guest": "#EXT#" in local,
            "ua": rng.choice(UAS[:5]), "place": home,
            "ip": ipv6(rng) if rng.random() < 0.25 else ipv4(rng),
            "device": guid(rng) if rng.random() < 0.7 else "",
        })
    spray_ips = ["198.51.100.77", "2001:db8:bad:1::66", "203.0.113.250"]
    codes = list(CODE_WEIGHTS)
    weights = [CODE_WEIGHTS[c] for c in codes]
    # Every file gets each rare code at least once, whatever the dice say.
    forced = ["9999991", "9999992", "9999993", "70011", "50105", "50125", "90072", "7000215"]
    events = []
    for i in range(n):
        t = END - dt.timedelta(seconds=rng.random() * SPAN.total_seconds())
        t = t.replace(microsecond=rng.randrange(0, 10**6, 10))  # Graph carries 7 fraction digits
        code = "0" if rng.random() < 0.65 else rng.choices(codes, weights)[0]
        if i < len(forced):
            code = forced[i]
        app = rng.choice(APPS)
        spray = code in ("50126", "50034", "50053") and rng.random() < 0.35
        if spray:
            who = {"display": "", "upn": rng.choice(SPRAY_NAMES), "id": "00000000-0000-0000-0000-000000000000",
                   "guest": False, "ua": SPRAY_UA if rng.random() < 0.6 else IMAP_UA,
                   "place": rng.choice([6, 9, 8]), "ip": rng.choice(spray_ips), "device": ""}
            if who["ua"] is IMAP_UA:
                app = APPS[0]
        else:
            who = rng.choice(people)
        if code == "50011":
            app = APPS[7]
        ip = who["ip"] if rng.random() < 0.8 else (ipv6(rng) if ":" in who["ip"] else ipv4(rng))
        status = "Success" if code == "0" else "Interrupted" if code in INTERRUPTS else "Failure"
        reason = "" if code == "0" else (INTERRUPTS.get(code) or FAILURES[code])
        reason = (reason.replace("{resource}", app[2]).replace("{app_id}", app[1]).replace("{app}", app[0])
                  .replace("{tenant}", TENANT_ID).replace("{redirect}", "https://expenses.contoso.example/signin-oidc/"))
        events.append({
            "time": t, "id": guid(rng), "correlation": guid(rng), "session": guid(rng), "user": who,
            "app": app, "ip": ip, "code": code, "status": status, "reason": reason,
            "token": b64url(rng, 16), "latency": rng.randint(40, 900), "interactive": rng.random() < 0.8,
            "mfa": code == "0" and rng.random() < 0.45, "ca": rng.choice(["notApplied", "success", "notApplied"])
            if code != "53003" else "failure", "success_reason_empty": rng.random() < 0.15,
            "ingest_delay_ms": rng.randint(20_000, 240_000),
        })
    events.sort(key=lambda e: e["time"], reverse=True)
    return events


def first_factor_ok(e):
    """Whether the password step passed: it did, except for the credential failures."""
    return e["code"] not in ("50126", "50053", "50055", "50057", "50034")


def place_of(e):
    return PLACES[e["user"]["place"]]


# ---------------------------------------------------------------------------------------------
# 1. Entra admin center CSV download. Header: the 57 columns, in order and spelling, that
# bitpusher2k/M365IRScripts 02-ProcessEntraSignInLog.ps1 (v2.9) and a 2026 schema note hard-code,
# including "Application ID " / "Resource ID " with a trailing space, "Autonomous system  number"
# with two spaces, and "Incoming token type" twice.
ENTRA_CSV_HEADER = [
    "Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID", "User", "Username", "User type",
    "Cross tenant access type", "Incoming token type", "Authentication Protocol", "Unique token identifier",
    "Original transfer method", "Client credential type", "Token Protection - Sign In Session",
    "Token Protection - Sign In Session StatusCode", "Application", "Application ID ", "App owner tenant ID",
    "Resource", "Resource ID ", "Resource tenant ID", "Resource owner tenant ID", "Home tenant ID",
    "Home tenant name", "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app",
    "Device ID", "Browser", "Operating System", "Compliant", "Managed", "Join Type",
    "Multifactor authentication result", "Multifactor authentication auth method",
    "Multifactor authentication auth detail", "Authentication requirement", "Sign-in identifier", "Session ID",
    "IP address (seen by resource)", "Through Global Secure Access", "Global Secure Access IP address",
    "Autonomous system  number", "Flagged for review", "Token issuer type", "Incoming token type",
    "Token issuer name", "Latency", "Conditional Access", "Managed Identity type", "Associated Resource Id",
    "Federated Token Id", "Federated Token Issuer",
]


def entra_csv_row(e):
    u, app, p = e["user"], e["app"], place_of(e)
    ua, browser, os_, client = u["ua"]
    legacy = client in ("IMAP4", "Other clients")
    if e["code"] == "0":
        reason = "" if e["success_reason_empty"] else "Other."
    else:
        reason = e["reason"]
    mfa = e["mfa"]
    ca = {"notApplied": "Not Applied", "success": "Success", "failure": "Failure"}[e["ca"]]
    owner = MS_SERVICES_TENANT if app[1] in FIRST_PARTY else TENANT_ID
    values = {
        "Date (UTC)": e["time"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Request ID": e["id"], "User agent": ua, "Correlation ID": e["correlation"], "User ID": u["id"],
        "User": u["display"], "Username": u["upn"], "User type": "Guest" if u["guest"] else "Member",
        "Cross tenant access type": "B2B collaboration" if u["guest"] else "None",
        "Incoming token type": "None", "Authentication Protocol": "ROPC" if legacy else "None",
        "Unique token identifier": e["token"], "Original transfer method": "None", "Client credential type": "None",
        "Token Protection - Sign In Session": "", "Token Protection - Sign In Session StatusCode": "",
        "Application": app[0], "Application ID ": app[1], "App owner tenant ID": owner,
        "Resource": app[2], "Resource ID ": app[3], "Resource tenant ID": TENANT_ID if app[3] == app[1] and owner == TENANT_ID else MS_SERVICES_TENANT,
        "Resource owner tenant ID": MS_SERVICES_TENANT, "Home tenant ID": TENANT_ID, "Home tenant name": TENANT_NAME,
        "IP address": e["ip"], "Location": "%s, %s, %s" % (p[0], p[1], p[2]), "Status": e["status"],
        "Sign-in error code": e["code"], "Failure reason": reason, "Client app": client,
        "Device ID": u["device"], "Browser": browser, "Operating System": os_,
        "Compliant": "True" if u["device"] else "False", "Managed": "True" if u["device"] else "False",
        "Join Type": "Microsoft Entra joined" if u["device"] else "",
        "Multifactor authentication result": "MFA completed in Azure AD" if mfa else "",
        "Multifactor authentication auth method": "Mobile app notification" if mfa else "",
        "Multifactor authentication auth detail": "",
        "Authentication requirement": "Multifactor authentication" if mfa or e["code"] in ("50074", "50076") else "Single-factor authentication",
        "Sign-in identifier": "", "Session ID": e["session"] if not legacy else "",
        "IP address (seen by resource)": "", "Through Global Secure Access": "No", "Global Secure Access IP address": "",
        "Autonomous system  number": str(p[4]), "Flagged for review": "No", "Token issuer type": "AzureAD",
        "Token issuer name": "", "Latency": str(e["latency"]), "Conditional Access": ca,
        "Managed Identity type": "", "Associated Resource Id": "", "Federated Token Id": "", "Federated Token Issuer": "",
    }
    return [values[h] for h in ENTRA_CSV_HEADER]


def write_entra_csv(path, events):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(ENTRA_CSV_HEADER)
    for e in events:
        w.writerow(entra_csv_row(e))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------------------------
# 2./3. The signIn resource (Microsoft Graph). The admin-center JSON download is a bare array of
# beta-shaped signIn objects; GET /v1.0/auditLogs/signIns wraps v1.0 objects in a page.
def graph_time(t, fraction):
    if fraction:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07d" % (t.microsecond * 10) + "Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def signin_object(e, beta):
    u, app, p = e["user"], e["app"], place_of(e)
    ua, browser, os_, client = u["ua"]
    code = int(e["code"])
    fr = ("Other." if not e["success_reason_empty"] else None) if code == 0 else (e["reason"] or None)
    o = {
        "id": e["id"], "createdDateTime": graph_time(e["time"], fraction=not beta),
        "userDisplayName": u["display"] or None, "userPrincipalName": u["upn"], "userId": u["id"],
        "appId": app[1], "appDisplayName": app[0], "ipAddress": e["ip"], "clientAppUsed": client,
        "correlationId": e["correlation"], "conditionalAccessStatus": e["ca"], "isInteractive": e["interactive"],
        "riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none", "riskState": "none",
        "riskEventTypes": [], "riskEventTypes_v2": [], "resourceDisplayName": app[2], "resourceId": app[3],
        "status": {"errorCode": code, "failureReason": fr, "additionalDetails": "MFA requirement satisfied by claim in the token" if e["mfa"] else None},
        "deviceDetail": {"deviceId": u["device"], "displayName": ("CONTOSO-" + u["device"][:6].upper()) if u["device"] else None,
                         "operatingSystem": os_, "browser": browser, "isCompliant": bool(u["device"]),
                         "isManaged": bool(u["device"]), "trustType": "Azure AD joined" if u["device"] else None},
        "location": {"city": p[0], "state": p[1], "countryOrRegion": p[2],
                     "geoCoordinates": {"altitude": None, "latitude": p[3][0], "longitude": p[3][1]}},
        "appliedConditionalAccessPolicies": [],
    }
    if beta:
        o.update({
            "userType": "guest" if u["guest"] else "member", "userAgent": ua,
            "originalRequestId": e["id"], "tokenIssuerType": "AzureAD", "tokenIssuerName": "",
            "processingTimeInMilliseconds": e["latency"], "resourceTenantId": TENANT_ID, "homeTenantId": TENANT_ID,
            "signInEventTypes": ["interactiveUser" if e["interactive"] else "nonInteractiveUser"],
            "authenticationRequirement": "multiFactorAuthentication" if e["mfa"] else "singleFactorAuthentication",
            "uniqueTokenIdentifier": e["token"], "autonomousSystemNumber": p[4], "flaggedForReview": False,
            "crossTenantAccessType": "b2bCollaboration" if u["guest"] else "none", "sessionId": e["session"],
            "authenticationDetails": [{
                "authenticationStepDateTime": graph_time(e["time"], False), "authenticationMethod": "Password",
                "authenticationMethodDetail": "Password in the cloud", "succeeded": first_factor_ok(e),
                "authenticationStepResultDetail": "Correct password" if first_factor_ok(e) else "Invalid username or password or Invalid on-premise username or password.",
                "authenticationStepRequirement": "Primary authentication"}],
        })
    return o


def write_json(path, obj, indent=None):
    text = json.dumps(obj, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        if indent:
            f.write("\n")


# ---------------------------------------------------------------------------------------------
# 4. Log Analytics / Sentinel SigninLogs, "Export > CSV (all columns)". Header: the 76 columns of a
# real export published with its data rows; datetime columns carry " [UTC]" and their cells read
# "9/19/2023, 1:45:17.287 PM"; dynamic columns hold JSON.
SENTINEL_HEADER = (
    "TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,OperationVersion,Category,ResultType,"
    "ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,"
    "Level,Location,AlternateSignInName,AppDisplayName,AppId,AuthenticationContextClassReferences,"
    "AuthenticationDetails,AppliedEventListeners,AuthenticationMethodsUsed,AuthenticationProcessingDetails,"
    "AuthenticationRequirement,AuthenticationRequirementPolicies,ClientAppUsed,ConditionalAccessPolicies,"
    "ConditionalAccessStatus,CreatedDateTime [UTC],DeviceDetail,IsInteractive,Id,IPAddress,IsRisky,"
    "LocationDetails,MfaDetail,NetworkLocationDetails,OriginalRequestId,ProcessingTimeInMilliseconds,RiskDetail,"
    "RiskEventTypes,RiskEventTypes_V2,RiskLevelAggregated,RiskLevelDuringSignIn,RiskState,ResourceDisplayName,"
    "ResourceIdentity,ResourceServicePrincipalId,ServicePrincipalId,ServicePrincipalName,Status,TokenIssuerName,"
    "TokenIssuerType,UserAgent,UserDisplayName,UserId,UserPrincipalName,AADTenantId,UserType,FlaggedForReview,"
    "IPAddressFromResourceProvider,SignInIdentifier,SignInIdentifierType,ResourceTenantId,HomeTenantId,"
    "UniqueTokenIdentifier,SessionLifetimePolicies,AutonomousSystemNumber,AuthenticationProtocol,"
    "CrossTenantAccessType,AppliedConditionalAccessPolicies,RiskLevel,Type"
).split(",")


def la_time(t):
    hour = t.hour % 12 or 12
    return "%d/%d/%d, %d:%02d:%02d.%03d %s" % (t.month, t.day, t.year, hour, t.minute, t.second,
                                               t.microsecond // 1000, "AM" if t.hour < 12 else "PM")


def compact(o):
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


def sentinel_row(e, rng):
    u, app, p = e["user"], e["app"], place_of(e)
    ua, browser, os_, client = u["ua"]
    code = int(e["code"])
    status = {"errorCode": code} if code == 0 else {"errorCode": code, "failureReason": e["reason"]}
    if e["mfa"]:
        status["additionalDetails"] = "MFA requirement satisfied by claim in the token"
    generated = e["time"] + dt.timedelta(milliseconds=e["ingest_delay_ms"])
    auth = [{"authenticationStepDateTime": e["time"].strftime("%Y-%m-%dT%H:%M:%S.") + "%07d" % (e["time"].microsecond * 10) + "+00:00",
             "authenticationMethod": "Password", "authenticationMethodDetail": "Password in the cloud",
             "succeeded": first_factor_ok(e), "authenticationStepResultDetail": "Correct password" if first_factor_ok(e) else "Invalid username or password or Invalid on-premise username or password.",
             "authenticationStepRequirement": "Primary authentication", "StatusSequence": 0, "RequestSequence": 1}]
    values = {
        "TenantId": WORKSPACE_ID, "SourceSystem": "Azure AD", "TimeGenerated [UTC]": la_time(generated),
        "ResourceId": "/tenants/%s/providers/Microsoft.aadiam" % TENANT_ID, "OperationName": "Sign-in activity",
        "OperationVersion": "1", "Category": "SignInLogs", "ResultType": e["code"], "ResultSignature": "None",
        "ResultDescription": e["reason"] if code else "", "DurationMs": "0", "CorrelationId": e["correlation"],
        "Resource": "Microsoft.aadiam", "ResourceGroup": "Microsoft.aadiam", "ResourceProvider": "",
        "Identity": u["display"], "Level": "4", "Location": p[2], "AlternateSignInName": u["upn"],
        "AppDisplayName": app[0], "AppId": app[1],
        "AuthenticationContextClassReferences": compact([{"id": "urn:microsoft:req1", "detail": "required"}]),
        "AuthenticationDetails": compact(auth), "AppliedEventListeners": "", "AuthenticationMethodsUsed": "",
        "AuthenticationProcessingDetails": compact([{"key": "Legacy TLS (TLS 1.0, 1.1, 3DES)", "value": "False"},
                                                    {"key": "Is CAE Token", "value": "False"}]),
        "AuthenticationRequirement": "multiFactorAuthentication" if e["mfa"] else "singleFactorAuthentication",
        "AuthenticationRequirementPolicies": "[]", "ClientAppUsed": client, "ConditionalAccessPolicies": "",
        "ConditionalAccessStatus": e["ca"], "CreatedDateTime [UTC]": la_time(e["time"]),
        "DeviceDetail": compact({"deviceId": u["device"], "operatingSystem": os_, "browser": browser}
                                | ({"isCompliant": True, "isManaged": True, "trustType": "Azure AD joined"} if u["device"] else {})),
        "IsInteractive": "TRUE" if e["interactive"] else "FALSE", "Id": e["id"], "IPAddress": e["ip"], "IsRisky": "",
        "LocationDetails": compact({"city": p[0], "state": p[1], "countryOrRegion": p[2],
                                    "geoCoordinates": {"latitude": p[3][0], "longitude": p[3][1]}}),
        "MfaDetail": compact({"authMethod": "Mobile app notification"}) if e["mfa"] else "",
        "NetworkLocationDetails": "[]", "OriginalRequestId": e["id"], "ProcessingTimeInMilliseconds": str(e["latency"]),
        "RiskDetail": "none", "RiskEventTypes": "[]", "RiskEventTypes_V2": "[]", "RiskLevelAggregated": "none",
        "RiskLevelDuringSignIn": "none", "RiskState": "none", "ResourceDisplayName": app[2], "ResourceIdentity": app[3],
        "ResourceServicePrincipalId": guid(rng), "ServicePrincipalId": "", "ServicePrincipalName": "",
        "Status": compact(status), "TokenIssuerName": "", "TokenIssuerType": "AzureAD", "UserAgent": ua,
        "UserDisplayName": u["display"], "UserId": u["id"], "UserPrincipalName": u["upn"], "AADTenantId": TENANT_ID,
        "UserType": "Guest" if u["guest"] else "Member", "FlaggedForReview": "", "IPAddressFromResourceProvider": "",
        "SignInIdentifier": "", "SignInIdentifierType": "", "ResourceTenantId": TENANT_ID, "HomeTenantId": TENANT_ID,
        "UniqueTokenIdentifier": e["token"], "SessionLifetimePolicies": "[]", "AutonomousSystemNumber": str(p[4]),
        "AuthenticationProtocol": "ropc" if client in ("IMAP4", "Other clients") else "none",
        "CrossTenantAccessType": "b2bCollaboration" if u["guest"] else "none", "AppliedConditionalAccessPolicies": "",
        "RiskLevel": "", "Type": "SigninLogs",
    }
    return [values[h] for h in SENTINEL_HEADER]


def write_sentinel_csv(path, events):
    rng = random.Random(4401)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")  # quotes only where needed, as the export does
    w.writerow(SENTINEL_HEADER)
    for e in events:
        w.writerow(sentinel_row(e, rng))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------------------------
# 5./6. Okta System Log: LogEvent objects (GET /api/v1/logs returns a JSON array, oldest first)
# and the admin console's "Download CSV".
OKTA_ORG = "contoso.okta.com"
OKTA_APPS = [  # (display name, app instance id, app name)
    ("Salesforce.com", "0oa1b2c3d4SFDC5e6f7g8", "salesforce"), ("Slack", "0oa1b2c3d4SLCK5e6f7g8", "slack"),
    ("Atlassian Cloud", "0oa1b2c3d4ATLS5e6f7g8", "atlassian"), ("Contoso Wiki", "0oa1b2c3d4WIKI5e6f7g8", "contoso_wiki"),
    ("Workday", "0oa1b2c3d4WDAY5e6f7g8", "workday"), ("Zoom", "0oa1b2c3d4ZOOM5e6f7g8", "zoom"),
]
# (eventType, displayMessage, legacyEventType, result, reason, has AppInstance target, weight)
OKTA_KINDS = [
    ("user.session.start", "User login to Okta", "core.user_auth.login_success", "SUCCESS", None, False, 120),
    ("user.authentication.sso", "User single sign on to app", "app.auth.sso", "SUCCESS", None, True, 110),
    ("policy.evaluate_sign_on", "Evaluation of sign-on policy", None, "ALLOW", "Sign-on policy evaluation resulted in ALLOW", True, 70),
    ("user.authentication.auth_via_mfa", "Authentication of user via MFA", "core.user.factor.attempt_success", "SUCCESS", None, False, 60),
    ("user.authentication.verify", "Verify user identity", None, "SUCCESS", None, False, 20),
    ("policy.evaluate_sign_on", "Evaluation of sign-on policy", None, "CHALLENGE", "Sign-on policy evaluation resulted in CHALLENGE", True, 30),
    ("policy.evaluate_sign_on", "Evaluation of sign-on policy", None, "DENY", "Sign-on policy evaluation resulted in DENY", True, 10),
    ("user.session.start", "User login to Okta", "core.user_auth.login_failed", "FAILURE", "INVALID_CREDENTIALS", False, 40),
    ("user.session.start", "User login to Okta", "core.user_auth.login_failed", "FAILURE", "VERIFICATION_ERROR", False, 14),
    ("user.session.start", "User login to Okta", "core.user_auth.login_failed", "FAILURE", "LOCKED_OUT", False, 6),
    ("user.session.start", "User login to Okta", "core.user_auth.login_failed", "FAILURE", "NETWORK_ZONE_BLACKLIST", False, 5),
    ("user.authentication.auth_via_mfa", "Authentication of user via MFA", "core.user.factor.attempt_fail", "FAILURE", "INVALID_CREDENTIALS", False, 12),
    ("user.authentication.auth_via_mfa", "Authentication of user via MFA", None, "FAILURE", "FastPass declined phishing attempt", False, 3),
    ("user.authentication.auth_via_mfa", "Authentication of user via MFA", None, "FAILURE", None, False, 4),
    ("user.authentication.auth_via_IDP", "Authenticate user via IDP", None, "FAILURE", "Unable to validate incoming SAML Assertion", False, 4),
    ("user.authentication.auth_via_IDP", "Authenticate user via IDP", None, "FAILURE", "Unable to match transformed username", False, 2),
    ("app.oauth2.as.token.grant", "OAuth2 access token is granted", None, "FAILURE", "no_matching_scope", False, 5),
    ("app.oauth2.as.token.grant", "OAuth2 access token is granted", None, "SUCCESS", None, False, 20),
]
OKTA_UAS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", "Windows 10", "CHROME", "Computer"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", "Mac OS X", "SAFARI", "Computer"),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Linux", "FIREFOX", "Computer"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", "iOS", "SAFARI", "Mobile"),
    ("Okta Verify/9.16.0 (Android 14; Pixel 8)", "Android", "UNKNOWN", "Mobile"),
]
COUNTRY = {"DE": "Germany", "GB": "United Kingdom", "FR": "France", "US": "United States", "CN": "China",
           "SE": "Sweden", "BR": "Brazil", "NG": "Nigeria"}


def okta_id(rng, prefix):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return prefix + "".join(rng.choice(alphabet) for _ in range(20 - len(prefix)))


def make_okta_events(seed, n):
    rng = random.Random(seed)
    people = []
    for display, local in USERS[:29]:
        people.append({"id": okta_id(rng, "00u"), "login": local + "@contoso.com", "display": display,
                       "ua": rng.choice(OKTA_UAS[:4]), "place": rng.randrange(len(PLACES)),
                       "ip": ipv6(rng) if rng.random() < 0.2 else ipv4(rng)})
    weights = [k[6] for k in OKTA_KINDS]
    out = []
    for _ in range(n):
        kind = rng.choices(OKTA_KINDS, weights)[0]
        etype, msg, legacy, result, reason, has_app, _w = kind
        t = END - dt.timedelta(seconds=rng.random() * SPAN.total_seconds())
        t = t.replace(microsecond=rng.randrange(0, 1000) * 1000)
        unknown = reason == "VERIFICATION_ERROR"
        if etype == "app.oauth2.as.token.grant":
            app = rng.choice(OKTA_APPS)
            actor = {"id": "0oa" + app[1][3:], "type": "PublicClientApp", "alternateId": "0oa" + app[1][3:],
                     "displayName": app[0] + " Integration", "detailEntry": None}
            ua, place, ip = ("okhttp/4.12.0", "Unknown", "UNKNOWN", "Unknown"), 4, "192.0.2.15"
        elif unknown:
            login = rng.choice(SPRAY_NAMES)
            actor = {"id": "unknown", "type": "User", "alternateId": login, "displayName": "unknown", "detailEntry": None}
            ua, place, ip = (("python-requests/2.31.0", "Unknown", "UNKNOWN", "Unknown"), 9,
                             rng.choice(["198.51.100.77", "2001:db8:bad:1::66"]))
        else:
            who = rng.choice(people)
            actor = {"id": who["id"], "type": "User", "alternateId": who["login"], "displayName": who["display"],
                     "detailEntry": None}
            ua, place = who["ua"], who["place"]
            ip = who["ip"] if rng.random() < 0.85 else ipv4(rng)
            if reason == "NETWORK_ZONE_BLACKLIST":
                place, ip = 6, "203.0.113.201"
            if etype == "user.authentication.auth_via_mfa":
                ua = OKTA_UAS[4] if rng.random() < 0.5 else ua
        p = PLACES[place]
        targets = None
        app = rng.choice(OKTA_APPS)
        if has_app:
            targets = [{"id": app[1], "type": "AppInstance", "alternateId": app[0], "displayName": app[0], "detailEntry": None}]
            if etype == "policy.evaluate_sign_on":
                targets += [{"id": "rst1a2b3c4d5e6f7g8h9", "type": "Policy", "alternateId": "unknown",
                             "displayName": app[0] + " sign-on policy", "detailEntry": {"policyType": "ACCESS_POLICY"}},
                            {"id": okta_id(rng, "rul"), "type": "PolicyRule", "alternateId": "rst1a2b3c4d5e6f7g8h9",
                             "displayName": "Require MFA off network" if result == "CHALLENGE" else "Catch-all Rule",
                             "detailEntry": None}]
            elif etype == "user.authentication.sso":
                targets.append({"id": okta_id(rng, "0ua"), "type": "AppUser", "alternateId": actor["alternateId"],
                                "displayName": actor["displayName"], "detailEntry": None})
        elif etype == "user.authentication.auth_via_mfa":
            targets = [{"id": okta_id(rng, "opf"), "type": "User", "alternateId": actor["alternateId"],
                        "displayName": actor["displayName"], "detailEntry": {"methodTypeUsed": "Okta Verify"}}]
        elif etype == "app.oauth2.as.token.grant":
            targets = [{"id": "aus1a2b3c4d5e6f7g8h9", "type": "AuthorizationServer", "alternateId": "default",
                        "displayName": "default", "detailEntry": None}]
        request_id = b64url(rng, 20)[:27]
        ev = {
            "actor": actor,
            "client": {"userAgent": {"rawUserAgent": ua[0], "os": ua[1], "browser": ua[2]},
                       "zone": "null", "device": ua[3], "id": actor["id"] if actor["type"] == "PublicClientApp" else None,
                       "ipAddress": ip,
                       "geographicalContext": {"city": p[0], "state": p[1], "country": COUNTRY[p[2]], "postalCode": None,
                                               "geolocation": {"lat": p[3][0], "lon": p[3][1]}}},
            "device": None,
            "authenticationContext": {"authenticationProvider": None, "credentialProvider": None,
                                      "credentialType": "OAUTH2" if etype.startswith("app.oauth2") else None,
                                      "issuer": None, "interface": None, "authenticationStep": 0,
                                      "externalSessionId": "unknown" if unknown or actor["type"] != "User" else "102" + b64url(rng, 16)[:22]},
            "displayMessage": msg, "eventType": etype,
            "outcome": {"result": result, "reason": reason},
            "published": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000),
            "securityContext": {"asNumber": p[4], "asOrg": "example transit", "isp": "example isp", "domain": None,
                                "isProxy": reason == "NETWORK_ZONE_BLACKLIST"},
            "severity": "WARN" if result in ("FAILURE", "DENY") else "INFO",
            "debugContext": {"debugData": {"requestId": request_id, "requestUri": {
                "user.session.start": "/idp/idx/identify", "user.authentication.sso": "/app/%s/%s/sso/saml" % (app[2], app[1]),
                "policy.evaluate_sign_on": "/idp/idx/introspect", "user.authentication.auth_via_mfa": "/idp/idx/challenge/answer",
                "user.authentication.verify": "/idp/idx/identify", "user.authentication.auth_via_IDP": "/sso/saml2/0oa1idp2azure3entra4x5",
                "app.oauth2.as.token.grant": "/oauth2/default/v1/token"}[etype],
                "threatSuspected": "true" if unknown else "false",
                "url": "/idp/idx/identify?"} | ({"grantType": "client_credentials", "requestedScopes": "okta.users.manage"}
                                                if etype == "app.oauth2.as.token.grant" else {})},
            "legacyEventType": legacy,
            "transaction": {"type": "WEB", "id": request_id, "detail": {}},
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=1)),
            "version": "0",
            "request": {"ipChain": [{"ip": ip, "geographicalContext": {"city": p[0], "state": p[1], "country": COUNTRY[p[2]],
                                                                      "postalCode": None, "geolocation": {"lat": p[3][0], "lon": p[3][1]}},
                                     "version": "V6" if ":" in ip else "V4", "source": None}]},
            "target": targets,
        }
        out.append((t, ev))
    out.sort(key=lambda x: x[0])
    return [ev for _, ev in out]


OKTA_CSV_SCALARS = [
    "uuid", "published", "eventType", "version", "severity", "legacyEventType", "displayMessage",
    "actor.id", "actor.type", "actor.alternateId", "actor.displayName",
    "client.userAgent.rawUserAgent", "client.userAgent.os", "client.userAgent.browser", "client.zone",
    "client.device", "client.id", "client.ipAddress", "client.geographicalContext.city",
    "client.geographicalContext.state", "client.geographicalContext.country", "client.geographicalContext.postalCode",
    "client.geographicalContext.geolocation.lat", "client.geographicalContext.geolocation.lon",
    "authenticationContext.authenticationProvider", "authenticationContext.credentialType",
    "authenticationContext.externalSessionId", "outcome.result", "outcome.reason",
    "securityContext.asNumber", "securityContext.isp", "securityContext.isProxy",
    "transaction.type", "transaction.id", "debugContext.debugData.requestId", "debugContext.debugData.requestUri",
    "debugContext.debugData.threatSuspected",
]
OKTA_CSV_TARGETS = 3


def dig(o, path):
    for part in path.split("."):
        if not isinstance(o, dict):
            return None
        o = o.get(part)
    return o


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_okta_csv(path, events):
    header = list(OKTA_CSV_SCALARS)
    for i in range(OKTA_CSV_TARGETS):
        header += ["target[%d].%s" % (i, f) for f in ("id", "type", "alternateId", "displayName")]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for ev in sorted(events, key=lambda e: e["published"], reverse=True):  # the console lists newest first
        row = [cell(dig(ev, h)) for h in OKTA_CSV_SCALARS]
        targets = ev["target"] or []
        for i in range(OKTA_CSV_TARGETS):
            t = targets[i] if i < len(targets) else {}
            row += [cell(t.get(f)) for f in ("id", "type", "alternateId", "displayName")]
        w.writerow(row)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------------------------
# 7. signin_failure.har: see README.md for the story it tells. Its secrets are listed by hand in
# expected.json; SECRETS here only keeps them in one place for this script.
def jwt(header, payload, rng):
    enc = lambda o: base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode()).decode().rstrip("=")
    return enc(header) + "." + enc(payload) + "." + b64url(rng, 256)


def make_har(path):
    rng = random.Random(1502)
    tenant = TENANT_ID
    expenses_client = APPS[7][1]
    dash_client = "9c2f4e71-0d3a-4b8e-a6f5-1e7c3b9d2a40"
    corr = "7c1d9e2a-4f3b-4a6c-8e5d-2b0f1a9c3e47"
    trace = "b8e2f4a1-6c3d-4e9b-a7f2-5d1c0e8b3a00"
    state_a = b64url(rng, 32)
    nonce_a = b64url(rng, 32)
    pkce_a = b64url(rng, 32)
    redirect_a = "https://expenses.contoso.example/signin-oidc"
    password = "Winter2024!Contoso"
    auth_code = "0.AXoAPnocX40raE6cDz1-ixpMJkcceTstio9GtOF8nQovboQBAAA." + b64url(rng, 300)
    code_verifier = b64url(rng, 32)
    now = int(dt.datetime(2024, 5, 21, 9, 14, 0, tzinfo=UTC).timestamp())
    jwt_header = {"typ": "JWT", "nonce": b64url(rng, 32), "alg": "RS256", "x5t": "L1KfKFI_jnXbwWc22xZxw1sUHH0",
                  "kid": "L1KfKFI_jnXbwWc22xZxw1sUHH0"}
    base_claims = {"aud": "00000003-0000-0000-c000-000000000000", "iss": "https://sts.windows.net/%s/" % tenant,
                   "app_displayname": "Teams Dashboard", "appid": dash_client, "appidacr": "0", "idp": "https://sts.windows.net/%s/" % tenant,
                   "name": "Zoë Ångström", "oid": "2d4f6a8c-1b3e-4d5f-9a7c-0e2b4d6f8a1c", "scp": "openid profile Team.ReadBasic.All User.Read email",
                   "sub": b64url(rng, 32), "tid": tenant, "unique_name": "zoe.angstrom@contoso.com", "upn": "zoe.angstrom@contoso.com",
                   "uti": b64url(rng, 16), "ver": "1.0"}
    expired_token = jwt(jwt_header, {**base_claims, "iat": now - 5400, "nbf": now - 5400, "exp": now - 1020}, rng)
    fresh_token = jwt(jwt_header, {**base_claims, "iat": now + 60, "nbf": now + 60, "exp": now + 60 + 4503}, rng)
    id_token = jwt({"typ": "JWT", "alg": "RS256", "kid": "L1KfKFI_jnXbwWc22xZxw1sUHH0"},
                   {"aud": dash_client, "iss": "https://login.microsoftonline.com/%s/v2.0" % tenant, "iat": now + 60,
                    "nbf": now + 60, "exp": now + 3660, "name": "Zoë Ångström", "oid": base_claims["oid"],
                    "preferred_username": "zoe.angstrom@contoso.com", "sub": base_claims["sub"], "tid": tenant, "ver": "2.0"}, rng)
    refresh_token = "1.AXoAPnocX40raE6cDz1-ixpMJnFOLJw6DY5Lpv" + b64url(rng, 600)
    cookies = {
        "ESTSAUTHPERSISTENT": "1.AXoAPnocX40raE6cDz1" + b64url(rng, 420),
        "ESTSAUTH": "1.AXoAPnocX40raE6cDz1" + b64url(rng, 180),
        "buid": "1.AXoAPnocX40raE6cDz1-ixpMJkcceTsti" + b64url(rng, 60),
        "fpc": "Ak" + b64url(rng, 30),
        "esctx": "PAQABBwEAAAApTwJmzXqdR4BN2miheQMY" + b64url(rng, 140),
        "okta_sid": "102" + b64url(rng, 18)[:22],
        "okta_dt": b64url(rng, 24),
        "okta_jsession": hashlib.md5(b"okta-jsession").hexdigest().upper(),
        "dash_session": "s%3A" + b64url(rng, 24) + "." + b64url(rng, 32),
    }
    err_desc = ("AADSTS50011: The redirect URI '%s' specified in the request does not match the redirect URIs "
                "configured for the application '%s'. Make sure the redirect URI sent in the request matches one "
                "added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError "
                "to learn more about how to fix this.\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: 2024-05-21 09:14:11Z"
                % (redirect_a, expenses_client, trace, corr))
    from urllib.parse import quote_plus, urlencode, quote
    # Entra writes its error redirects with lowercase percent escapes (%3a, %2f, %0d%0a).
    def ms_escape(s):
        return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote_plus(s, safe=""))
    location_err = (redirect_a + "?error=invalid_request&error_description=" + ms_escape(err_desc)
                    + "&error_uri=" + ms_escape("https://login.microsoftonline.com/error?code=50011") + "&state=" + state_a)
    authorize_a = ("https://login.microsoftonline.com/%s/oauth2/v2.0/authorize?" % tenant) + urlencode({
        "client_id": expenses_client, "redirect_uri": redirect_a, "response_type": "code",
        "scope": "openid profile offline_access https://graph.microsoft.com/User.Read", "response_mode": "query",
        "state": state_a, "nonce": nonce_a, "code_challenge": pkce_a, "code_challenge_method": "S256",
        "x-client-SKU": "ID_NET8_0", "x-client-ver": "7.1.2.0"})

    # The SAML Response Okta posts: no assertion, a Requester / RequestDenied status.
    saml_id = "id" + str(int(hashlib.sha1(b"saml").hexdigest()[:12], 16))
    saml_xml = (
        '<?xml version="1.0" encoding="UTF-8"?><saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" '
        'Destination="https://wiki.contoso.example/saml/acs" ID="%s" InResponseTo="_a1f5c9e3b7d24f6a8c0e2b4d6f8a0c1e" '
        'IssueInstant="2024-05-21T09:16:02.441Z" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" '
        'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">http://www.okta.com/exk1a2b3c4WIKI5e6f7g8</saml2:Issuer>'
        '<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">'
        '<saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></saml2p:StatusCode>'
        '<saml2p:StatusMessage>User is not assigned to this application</saml2p:StatusMessage></saml2p:Status></saml2p:Response>'
        % saml_id)
    saml_b64 = base64.b64encode(saml_xml.encode()).decode()
    authn_request = ('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1f5c9e3b7d24f6a8c0e2b4d6f8a0c1e" '
                     'Version="2.0" IssueInstant="2024-05-21T09:16:01Z" AssertionConsumerServiceURL="https://wiki.contoso.example/saml/acs">'
                     '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://wiki.contoso.example/saml/metadata</saml:Issuer>'
                     '</samlp:AuthnRequest>')
    deflated = zlib.compressobj(9, zlib.DEFLATED, -15)
    saml_request = base64.b64encode(deflated.compress(authn_request.encode()) + deflated.flush()).decode()
    relay = "/spaces/ENG/pages/4711"
    okta_sso = ("https://%s/app/contoso_wiki/exk1a2b3c4WIKI5e6f7g8/sso/saml?" % OKTA_ORG) + urlencode(
        {"SAMLRequest": saml_request, "RelayState": relay})

    graph_err = {"error": {"code": "InvalidAuthenticationToken", "message": "Lifetime validation failed, the token is expired.",
                           "innerError": {"date": "2024-05-21T09:17:40", "request-id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
                                          "client-request-id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}}}
    authorize_c = ("https://login.microsoftonline.com/%s/oauth2/v2.0/authorize?" % tenant) + urlencode({
        "client_id": dash_client, "scope": "https://graph.microsoft.com/Team.ReadBasic.All openid profile offline_access",
        "redirect_uri": "https://teams-dash.contoso.example/auth/callback", "client-request-id": "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
        "response_mode": "query", "response_type": "code", "x-client-SKU": "msal.js.browser", "x-client-VER": "3.14.0",
        "client_info": "1", "code_challenge": b64url(rng, 32), "code_challenge_method": "S256", "prompt": "none",
        "login_hint": "zoe.angstrom@contoso.com", "nonce": b64url(rng, 16), "state": b64url(rng, 40)})
    session_state = "002e7d4c-1f3a-4b5d-9c8e-7a6b5c4d3e2f"
    location_code = ("https://teams-dash.contoso.example/auth/callback?code=" + auth_code + "&client_info="
                     + b64url(rng, 60) + "&state=" + authorize_c.split("state=")[1] + "&session_state=" + session_state)
    token_body = {"token_type": "Bearer", "scope": "https://graph.microsoft.com/Team.ReadBasic.All https://graph.microsoft.com/User.Read openid profile email",
                  "expires_in": 4503, "ext_expires_in": 4503, "access_token": fresh_token, "refresh_token": refresh_token,
                  "id_token": id_token, "client_info": b64url(rng, 60)}

    t0 = dt.datetime(2024, 5, 21, 9, 14, 2, 118000, tzinfo=UTC)
    entries = []
    clock = [t0]

    def h(pairs):
        return [{"name": k, "value": v} for k, v in pairs]

    def entry(method, url, status, req_headers=(), resp_headers=(), mime="text/html", text="", post=None,
              redirect="", gap_ms=40, rtype="document", page="page_1", status_text="", http="http/2.0", encoding=None):
        clock[0] += dt.timedelta(milliseconds=gap_ms)
        from urllib.parse import urlsplit, parse_qsl
        parts = urlsplit(url)
        qs = [{"name": k, "value": v} for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        req_cookies = []
        for name, value in req_headers:
            if name.lower() == "cookie":
                for c in value.split("; "):
                    k, _, v = c.partition("=")
                    req_cookies.append({"name": k, "value": v})
        resp_cookies = []
        for name, value in resp_headers:
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                v = rest.split(";")[0]
                resp_cookies.append({"name": k, "value": v, "path": "/", "domain": parts.hostname, "expires": None,
                                     "httpOnly": "httponly" in value.lower(), "secure": "secure" in value.lower()})
        pseudo = [(":authority", parts.netloc), (":method", method),
                  (":path", parts.path + ("?" + parts.query if parts.query else "")), (":scheme", "https")] if http == "http/2.0" else []
        wait = rng.randint(30, 400)
        e = {
            "_initiator": {"type": "other"} if rtype == "document" else {"type": "script"},
            "_priority": "VeryHigh" if rtype == "document" else "High",
            "_resourceType": rtype,
            "cache": {},
            "connection": str(rng.randint(100000, 999999)),
            "pageref": page,
            "request": {
                "method": method, "url": url, "httpVersion": http,
                "headers": h(pseudo + list(req_headers)), "queryString": qs, "cookies": req_cookies,
                "headersSize": -1, "bodySize": len(post["text"].encode()) if post else 0,
            },
            "response": {
                "status": status, "statusText": status_text, "httpVersion": http, "headers": h(resp_headers),
                "cookies": resp_cookies,
                "content": {"size": len(text.encode()), "mimeType": mime} | ({"text": text} if text else {})
                | ({"encoding": encoding} if encoding else {}),
                "redirectURL": redirect, "headersSize": -1, "bodySize": -1, "_transferSize": len(text.encode()) + 400,
                "_error": None,
            },
            "serverIPAddress": "20.190.160.%d" % rng.randint(1, 250) if "microsoftonline" in url else "192.0.2.%d" % rng.randint(10, 90),
            "startedDateTime": clock[0].strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (clock[0].microsecond // 1000),
            "time": wait + 12.5,
            "timings": {"blocked": 2.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": wait, "receive": 10.2,
                        "_blocked_queueing": 1.3},
        }
        if post:
            e["request"]["postData"] = post
        clock[0] += dt.timedelta(milliseconds=wait)
        entries.append(e)

    chrome_ua = UAS[0][0]
    nav = [("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"),
           ("accept-language", "en-US,en;q=0.9,de;q=0.8"), ("user-agent", chrome_ua)]
    ms_cookie = "; ".join("%s=%s" % (k, cookies[k]) for k in ("buid", "fpc", "esctx", "ESTSAUTHPERSISTENT"))
    app_page = ("<!DOCTYPE html><html><head><title>Contoso Expenses</title><link rel=\"stylesheet\" href=\"/static/app.3f9c2a.css\">"
                "</head><body><a href=\"/account/signin\">Sign in with Microsoft</a><script src=\"/static/app.8b1d4e.js\"></script></body></html>")
    # -- Flow A: Contoso Expenses -> Entra ID -> AADSTS50011 back at the app ---------------------
    entry("GET", "https://expenses.contoso.example/", 200, nav, [("content-type", "text/html; charset=utf-8"),
          ("cache-control", "no-cache")], text=app_page, gap_ms=0)
    entry("GET", "https://expenses.contoso.example/static/app.3f9c2a.css", 200, [("user-agent", chrome_ua)],
          [("content-type", "text/css"), ("cache-control", "public, max-age=31536000")], mime="text/css",
          text="body{font-family:Segoe UI,sans-serif;margin:0}.btn{padding:8px 16px}", rtype="stylesheet")
    entry("GET", "https://expenses.contoso.example/static/app.8b1d4e.js", 200, [("user-agent", chrome_ua)],
          [("content-type", "application/javascript"), ("cache-control", "public, max-age=31536000")],
          mime="application/javascript", text="(()=>{document.querySelector('a').classList.add('btn')})();", rtype="script")
    entry("GET", "https://expenses.contoso.example/account/signin", 302, nav,
          [("location", authorize_a), ("set-cookie", ".AspNetCore.OpenIdConnect.Nonce.%s=N; expires=Tue, 21 May 2024 09:29:07 GMT; path=/signin-oidc; secure; samesite=none; httponly" % nonce_a),
           ("set-cookie", ".AspNetCore.Correlation.%s=N; expires=Tue, 21 May 2024 09:29:07 GMT; path=/signin-oidc; secure; samesite=none; httponly" % state_a[:43])],
          redirect=authorize_a)
    login_page = ("<!DOCTYPE html><html dir=\"ltr\" lang=\"en\"><head><title>Sign in to your account</title>"
                  "<script type=\"text/javascript\">//<![CDATA[\n$Config={\"urlPost\":\"/%s/login\",\"sCtx\":\"rQQIARAA%s\",\"sFT\":\"AQABIQEAAAAm%s\",\"canary\":\"%s\",\"correlationId\":\"%s\",\"sessionId\":\"%s\"};\n//]]></script>"
                  "<script src=\"https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore_Ke4DNHvmMhQ6rbKpwVKyYw2.js\"></script>"
                  "</head><body></body></html>") % (tenant, b64url(rng, 60), b64url(rng, 120), b64url(rng, 40), corr, trace)
    entry("GET", authorize_a, 200, nav + [("cookie", ms_cookie)],
          [("content-type", "text/html; charset=utf-8"), ("x-ms-request-id", trace), ("x-ms-ests-server", "2.1.17846.6 - WEULR1 ProdSlices"),
           ("set-cookie", "buid=%s; expires=Thu, 20-Jun-2024 09:14:03 GMT; path=/; secure; HttpOnly; SameSite=None" % cookies["buid"]),
           ("set-cookie", "fpc=%s; expires=Thu, 20-Jun-2024 09:14:03 GMT; path=/; secure; HttpOnly; SameSite=None" % cookies["fpc"]),
           ("set-cookie", "esctx=%s; domain=.login.microsoftonline.com; path=/; secure; HttpOnly; SameSite=None" % cookies["esctx"]),
           ("set-cookie", "x-ms-gateway-slice=estsfd; path=/; secure; httponly"),
           ("set-cookie", "stsservicecookie=estsfd; path=/; secure; httponly")],
          text=login_page)
    entry("GET", "https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin_PCore_Ke4DNHvmMhQ6rbKpwVKyYw2.js", 200,
          [("user-agent", chrome_ua), ("referer", "https://login.microsoftonline.com/")],
          [("content-type", "application/x-javascript"), ("cache-control", "public, max-age=31536000")],
          mime="application/x-javascript", text="!function(e){var t={};function n(r){return t[r]}}([]);", rtype="script")
    entry("GET", "https://aadcdn.msftauth.net/shared/1.0/content/images/microsoft_logo_ee5c8d9fb6248c938fd0dc19370e90bd.svg", 200,
          [("user-agent", chrome_ua)], [("content-type", "image/svg+xml")], mime="image/svg+xml",
          text="<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"108\" height=\"24\"></svg>", rtype="image")
    cred_req = json.dumps({"username": "zoe.angstrom@contoso.com", "isOtherIdpSupported": True, "checkPhones": False,
                           "isRemoteNGCSupported": True, "isCookieBannerShown": False, "isFidoSupported": True,
                           "originalRequest": "rQQIARAA", "flowToken": "AQABIQEAAAAm"})
    entry("POST", "https://login.microsoftonline.com/common/GetCredentialType?mkt=en-US", 200,
          [("content-type", "application/json; charset=UTF-8"), ("user-agent", chrome_ua), ("cookie", ms_cookie)],
          [("content-type", "application/json; charset=utf-8")], mime="application/json",
          text=json.dumps({"Username": "zoe.angstrom@contoso.com", "Display": "zoe.angstrom@contoso.com", "IfExistsResult": 0,
                           "IsUnmanaged": False, "ThrottleStatus": 0, "Credentials": {"PrefCredential": 1, "HasPassword": True}}),
          post={"mimeType": "application/json; charset=UTF-8", "text": cred_req}, rtype="xhr")
    form = [("i13", "0"), ("login", "zoe.angstrom@contoso.com"), ("loginfmt", "zoe.angstrom@contoso.com"), ("type", "11"),
            ("LoginOptions", "3"), ("lrt", ""), ("lrtPartition", ""), ("hisRegion", ""), ("hisScaleUnit", ""),
            ("passwd", password), ("ps", "2"), ("canary", b64url(rng, 40)), ("ctx", "rQQIARAA" + b64url(rng, 60)),
            ("hpgrequestid", trace), ("flowToken", "AQABIQEAAAAm" + b64url(rng, 120)), ("PPSX", ""), ("NewUser", "1"),
            ("FoundMSAs", ""), ("fspost", "0"), ("i21", "0"), ("CookieDisambiguation", ""), ("i19", "21433")]
    entry("POST", "https://login.microsoftonline.com/%s/login" % tenant, 302,
          nav + [("content-type", "application/x-www-form-urlencoded"), ("origin", "https://login.microsoftonline.com"),
                 ("referer", authorize_a), ("cookie", ms_cookie)],
          [("location", location_err), ("x-ms-request-id", trace), ("cache-control", "no-store, no-cache"),
           ("set-cookie", "ESTSAUTHPERSISTENT=%s; expires=Thu, 20-Jun-2024 09:14:11 GMT; path=/; secure; HttpOnly; SameSite=None" % cookies["ESTSAUTHPERSISTENT"]),
           ("set-cookie", "ESTSAUTH=%s; path=/; secure; HttpOnly; SameSite=None" % cookies["ESTSAUTH"])],
          redirect=location_err, gap_ms=6100,
          post={"mimeType": "application/x-www-form-urlencoded", "params": [{"name": k, "value": v} for k, v in form],
                "text": urlencode(form)})
    aspnet_error = ("<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body><h1>An unhandled exception occurred while processing the request.</h1>"
                    "<h2>OpenIdConnectProtocolException: Message contains error: 'invalid_request', error_description: '%s', error_uri: "
                    "'https://login.microsoftonline.com/error?code=50011'.</h2>"
                    "<h2>AuthenticationFailureException: An error was encountered while handling the remote login.</h2></body></html>"
                    % err_desc.replace("'", "&#x27;").replace("\r\n", " "))
    entry("GET", location_err, 500, nav + [("cookie", ".AspNetCore.Correlation.%s=N" % state_a[:43])],
          [("content-type", "text/html; charset=utf-8"), ("server", "Kestrel")], text=aspnet_error, status_text="")
    # -- Flow B: Contoso Wiki (SAML SP) -> Okta -> a Response with Requester/RequestDenied ---------
    entry("GET", "https://wiki.contoso.example/spaces/ENG/pages/4711", 302, nav,
          [("location", okta_sso), ("set-cookie", "JSESSIONID=%s; Path=/; Secure; HttpOnly" % b64url(rng, 16))],
          redirect=okta_sso, gap_ms=90000, page="page_2")
    okta_cookie = "JSESSIONID=%s; DT=%s; sid=%s" % (cookies["okta_jsession"], cookies["okta_dt"], cookies["okta_sid"])
    autopost = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body onload=\"document.forms[0].submit()\">"
                "<form id=\"appForm\" action=\"https&#x3a;&#x2f;&#x2f;wiki.contoso.example&#x2f;saml&#x2f;acs\" method=\"POST\">"
                "<input name=\"SAMLResponse\" type=\"hidden\" value=\"%s\"/><input name=\"RelayState\" type=\"hidden\" value=\"%s\"/>"
                "</form></body></html>") % (saml_b64, relay.replace("/", "&#x2f;"))
    entry("GET", okta_sso, 200, nav + [("cookie", okta_cookie)],
          [("content-type", "text/html;charset=utf-8"), ("x-okta-request-id", b64url(rng, 20)[:27]),
           ("set-cookie", "sid=%s; Path=/; Secure; HttpOnly; SameSite=None" % cookies["okta_sid"])],
          text=autopost, page="page_2")
    entry("GET", "https://ok12static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.18.0/js/okta-sign-in.min.js", 200,
          [("user-agent", chrome_ua)], [("content-type", "application/javascript"), ("cache-control", "public, max-age=31536000")],
          mime="application/javascript", text="/*! okta-sign-in-widget 7.18.0 */", rtype="script", page="page_2")
    acs_form = [("SAMLResponse", saml_b64), ("RelayState", relay)]
    entry("POST", "https://wiki.contoso.example/saml/acs", 403,
          nav + [("content-type", "application/x-www-form-urlencoded"), ("origin", "https://%s" % OKTA_ORG)],
          [("content-type", "text/html;charset=UTF-8")],
          text="<html><body><h1>Single sign-on failed</h1><p>The identity provider did not sign you in. "
               "Contact your administrator.</p></body></html>",
          post={"mimeType": "application/x-www-form-urlencoded", "params": [{"name": k, "value": v} for k, v in acs_form],
                "text": urlencode(acs_form)}, page="page_2")
    # -- Flow C: Teams Dashboard SPA: expired token -> Graph 401 -> silent re-auth with a code ----
    entry("GET", "https://teams-dash.contoso.example/", 200, nav + [("cookie", "dash_session=%s" % cookies["dash_session"])],
          [("content-type", "text/html; charset=utf-8")],
          text="<!doctype html><html><head><script type=\"module\" src=\"/assets/index-4f2a9c.js\"></script></head><body><div id=\"root\"></div></body></html>",
          gap_ms=60000, page="page_3")
    entry("GET", "https://teams-dash.contoso.example/assets/index-4f2a9c.js", 200, [("user-agent", chrome_ua)],
          [("content-type", "text/javascript"), ("cache-control", "public, max-age=31536000, immutable")],
          mime="text/javascript", text="import{PublicClientApplication as e}from\"./msal-browser.js\";", rtype="script", page="page_3")
    entry("GET", "https://fonts.gstatic.com/s/opensans/v40/memvYaGs126MiZpBA-UvWbX2vVnXBbObj2OVTS-muw.woff2", 200,
          [("user-agent", chrome_ua), ("origin", "https://teams-dash.contoso.example")],
          [("content-type", "font/woff2"), ("access-control-allow-origin", "*")], mime="font/woff2",
          text=base64.b64encode(b"wOF2\x00\x01\x00\x00" + bytes(24)).decode(), encoding="base64", rtype="font", page="page_3")
    entry("OPTIONS", "https://graph.microsoft.com/v1.0/me/joinedTeams", 200,
          [("access-control-request-method", "GET"), ("access-control-request-headers", "authorization,client-request-id"),
           ("origin", "https://teams-dash.contoso.example")],
          [("access-control-allow-origin", "https://teams-dash.contoso.example"), ("access-control-allow-methods", "GET"),
           ("access-control-allow-headers", "authorization,client-request-id")], mime="x-unknown", rtype="preflight", page="page_3")
    entry("GET", "https://graph.microsoft.com/v1.0/me/joinedTeams", 401,
          [("accept", "application/json"), ("authorization", "Bearer " + expired_token),
           ("client-request-id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), ("origin", "https://teams-dash.contoso.example")],
          [("content-type", "application/json"), ("request-id", "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"),
           ("client-request-id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
           ("www-authenticate", 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                                'client_id="00000003-0000-0000-c000-000000000000", error="invalid_token", '
                                'error_description="Lifetime validation failed, the token is expired."'),
           ("access-control-allow-origin", "https://teams-dash.contoso.example"),
           ("x-ms-ags-diagnostic", '{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"003","RoleInstance":"AM2PEPF0001A7C1"}}')],
          mime="application/json", text=json.dumps(graph_err), rtype="xhr", page="page_3")
    entry("GET", authorize_c, 302, nav + [("cookie", "; ".join("%s=%s" % (k, cookies[k]) for k in ("buid", "fpc", "ESTSAUTHPERSISTENT", "ESTSAUTH")))],
          [("location", location_code), ("x-ms-request-id", "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e00"), ("cache-control", "no-store, no-cache")],
          redirect=location_code, rtype="document", page="page_3")
    entry("GET", location_code, 200, nav, [("content-type", "text/html; charset=utf-8")],
          text="<!doctype html><html><body>Signing you in…</body></html>", page="page_3")
    token_form = [("client_id", dash_client), ("redirect_uri", "https://teams-dash.contoso.example/auth/callback"),
                  ("scope", "https://graph.microsoft.com/Team.ReadBasic.All openid profile offline_access"),
                  ("code", auth_code), ("x-client-SKU", "msal.js.browser"), ("x-client-VER", "3.14.0"),
                  ("code_verifier", code_verifier), ("grant_type", "authorization_code"), ("client_info", "1"),
                  ("client-request-id", "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e")]
    entry("POST", "https://login.microsoftonline.com/%s/oauth2/v2.0/token" % tenant, 200,
          [("content-type", "application/x-www-form-urlencoded;charset=utf-8"), ("origin", "https://teams-dash.contoso.example")],
          [("content-type", "application/json; charset=utf-8"), ("cache-control", "no-store, no-cache"),
           ("access-control-allow-origin", "*")],
          mime="application/json", text=json.dumps(token_body), rtype="xhr", page="page_3",
          post={"mimeType": "application/x-www-form-urlencoded;charset=utf-8",
                "params": [{"name": k, "value": v} for k, v in token_form], "text": urlencode(token_form)})
    entry("GET", "https://graph.microsoft.com/v1.0/me/joinedTeams", 200,
          [("accept", "application/json"), ("authorization", "Bearer " + fresh_token),
           ("client-request-id", "6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f"), ("origin", "https://teams-dash.contoso.example")],
          [("content-type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
           ("request-id", "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a")],
          mime="application/json",
          text=json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams(id,displayName,description)",
                           "value": [{"id": "172b0cce-e65d-44ce-9a49-91d9f2e8493a", "displayName": "Contoso Finance",
                                      "description": "Budgets, forecasts and the expenses roll-out"}]}),
          rtype="xhr", page="page_3")
    pages = [
        {"startedDateTime": entries[0]["startedDateTime"], "id": "page_1", "title": "https://expenses.contoso.example/", "pageTimings": {"onContentLoad": 412.7, "onLoad": 598.1}},
        {"startedDateTime": entries[10]["startedDateTime"], "id": "page_2", "title": "https://wiki.contoso.example/spaces/ENG/pages/4711", "pageTimings": {"onContentLoad": -1, "onLoad": -1}},
        {"startedDateTime": entries[14]["startedDateTime"], "id": "page_3", "title": "https://teams-dash.contoso.example/", "pageTimings": {"onContentLoad": 230.4, "onLoad": 301.9}},
    ]
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": pages, "entries": entries}}
    write_json(path, har, indent=2)
    return {"password": password, "auth_code": auth_code, "code_verifier": code_verifier, "expired_token": expired_token,
            "fresh_token": fresh_token, "id_token": id_token, "refresh_token": refresh_token, **cookies}


def main():
    entra = make_entra_events(1501, 640)
    write_entra_csv(os.path.join(HERE, "entra_signins.csv"), entra)
    write_json(os.path.join(HERE, "entra_signins.json"), [signin_object(e, beta=True) for e in make_entra_events(1502, 520)])
    graph_events = make_entra_events(1503, 510)
    write_json(os.path.join(HERE, "graph_signins.json"), {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
        "value": [signin_object(e, beta=False) for e in graph_events],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=510&$skiptoken=" + hashlib.sha256(b"page2").hexdigest()[:32] + "_510",
    })
    write_sentinel_csv(os.path.join(HERE, "signinlogs_la.csv"), make_entra_events(1504, 520))
    okta = make_okta_events(1505, 560)
    write_json(os.path.join(HERE, "okta_systemlog.json"), okta)
    write_okta_csv(os.path.join(HERE, "okta_systemlog.csv"), make_okta_events(1506, 540))
    secrets = make_har(os.path.join(HERE, "signin_failure.har"))
    if os.environ.get("SHOW_SECRETS"):
        print(json.dumps(secrets, indent=2))


if __name__ == "__main__":
    main()
