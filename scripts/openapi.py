# Regenerates src/routes/api/openapi.json (run from the repository root: python3 scripts/openapi.py).
import json
def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def resp(desc, schema=None):
    r={"description":desc}
    if schema: r["content"]={"application/json":{"schema":schema}}
    return r
errs=["400","401","403","404","409","413","422"]
names={"400":"BadRequest","401":"Unauthenticated","403":"Forbidden","404":"NotFound","409":"Conflict","413":"TooLarge","422":"Validation"}
def ops(d):
    for v in d.values():
        for c in errs: v.setdefault("responses",{})[c]={"$ref":f"#/components/responses/{names[c]}"}
    return d
idp={"name":"id","in":"path","required":True,"schema":{"type":"integer"}}
monthp={"name":"month","in":"path","required":True,"schema":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}}
def body(s): return {"required":True,"content":{"application/json":{"schema":s}}}
arr=lambda s: {"type":"array","items":s}
cats=["acquisition","activation","retention","revenue","efficiency","other"]
units=["count","percent","currency","ratio","score","duration"]
dirs=["higher_is_better","lower_is_better"]
metric_props={"name":{"type":"string","maxLength":80},"definition":{"type":"string","maxLength":2000},"formula":{"type":"string","maxLength":300},"category":{"type":"string","enum":cats},"unit":{"type":"string","enum":units},"currency":{"type":"string","nullable":True,"description":"ISO 4217 code; the team's default currency when absent and unit is currency"},"direction":{"type":"string","enum":dirs},"target":{"type":"number","nullable":True},"owner_id":{"type":"integer","nullable":True},"north_star":{"type":"boolean"},"kept_by_manager":{"type":"boolean"},"on_dashboard":{"type":"boolean"},"active":{"type":"boolean"}}
doc={
 "openapi":"3.0.3",
 "info":{"title":"kpi-rotation API","version":"1","description":"The JSON API of kpi-rotation. Authenticate with `Authorization: Bearer <token>` (from the account page or `kpi-rotation create-token`), or with the browser session cookie plus an `X-CSRF-Token` header on writes. Errors look like `{\"error\": {\"code\": \"validation\", \"message\": \"…\", \"field\": \"email\"}}`."},
 "servers":[{"url":"/api/v1"}],
 "security":[{"bearer":[]}],
 "paths":{
  "/me":ops({"get":{"summary":"The signed-in member","responses":{"200":resp("The member",ref("Member"))}}}),
  "/members":ops({"get":{"summary":"List members","responses":{"200":resp("Members",arr(ref("Member")))}},
      "post":{"summary":"Add a member (managers)","requestBody":body(ref("MemberInput")),"responses":{"201":resp("Created, with a one-time set-password link",ref("CreatedMember"))}}}),
  "/members/{id}":ops({"get":{"summary":"One member","parameters":[idp],"responses":{"200":resp("The member",ref("Member"))}},
      "patch":{"summary":"Change a member (managers)","parameters":[idp],"requestBody":body(ref("MemberPatch")),"responses":{"200":resp("The member",ref("Member"))}},
      "delete":{"summary":"Delete a member without history (managers); one with history answers 409","parameters":[idp],"responses":{"204":{"description":"Deleted"}}}}),
  "/metrics":ops({"get":{"summary":"List metrics","parameters":[{"name":"active","in":"query","schema":{"type":"boolean"},"description":"only active metrics"}],"responses":{"200":resp("Metrics",arr(ref("Metric")))}},
      "post":{"summary":"Create a metric (managers)","requestBody":body(ref("MetricInput")),"responses":{"201":resp("Created",ref("Metric"))}}}),
  "/metrics/starter":ops({"get":{"summary":"The starter library","responses":{"200":resp("Starter metrics",arr(ref("StarterMetric")))}},
      "post":{"summary":"Add starter metrics in one step (managers)","requestBody":body({"type":"object","required":["metrics"],"properties":{"metrics":arr({"type":"object","required":["key"],"properties":{"key":{"type":"string"},"owner_id":{"type":"integer","nullable":True},"target":{"type":"number","nullable":True}}})}}),"responses":{"201":resp("Added",arr(ref("Metric")))}}}),
  "/metrics/{id}":ops({"get":{"summary":"One metric","parameters":[idp],"responses":{"200":resp("The metric",ref("Metric"))}},
      "patch":{"summary":"Change a metric (managers); send only the fields to change","parameters":[idp],"requestBody":body(ref("MetricInput")),"responses":{"200":resp("The metric",ref("Metric"))}},
      "delete":{"summary":"Delete a metric without values (managers); one with values answers 409","parameters":[idp],"responses":{"204":{"description":"Deleted"}}}}),
  "/metrics/{id}/values":ops({"get":{"summary":"A metric's monthly values, oldest first","parameters":[idp],"responses":{"200":resp("Values",arr(ref("Value")))}}}),
  "/metrics/{id}/values/{month}":ops({"put":{"summary":"Enter or correct a month's value (managers and the metric's owner)","parameters":[idp,monthp],"requestBody":body({"type":"object","required":["value"],"additionalProperties":False,"properties":{"value":{"type":"number"},"note":{"type":"string","maxLength":500}}}),"responses":{"200":resp("The value",ref("Value"))}}}),
  "/values.csv":ops({"get":{"summary":"Every value as CSV (metric,month,value,note)","responses":{"200":{"description":"CSV","content":{"text/csv":{"schema":{"type":"string"}}}}}}}),
  "/values/import":ops({"post":{"summary":"Import values from CSV (metric,month,value[,note]), all or nothing (managers)","requestBody":{"required":True,"content":{"text/csv":{"schema":{"type":"string"}}}},"responses":{"200":resp("Imported",{"type":"object","properties":{"imported":{"type":"integer"}}})}}}),
 },
 "components":{
  "securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
  "responses":{names[c]:{"description":d,"content":{"application/json":{"schema":ref("Error")}}} for c,d in [("400","The body could not be read"),("401","Not signed in, or the token is not valid"),("403","Not allowed for this member"),("404","No such thing"),("409","Conflicts with the current state"),("413","The body is too large"),("422","A field broke a rule")]},
  "schemas":{
   "Error":{"type":"object","required":["error"],"properties":{"error":{"type":"object","required":["code","message"],"properties":{"code":{"type":"string"},"message":{"type":"string"},"field":{"type":"string"},"id":{"type":"string"},"fields":arr({"type":"object","properties":{"field":{"type":"string"},"message":{"type":"string"}}})}}}},
   "Member":{"type":"object","required":["id","name","email","department","role","active"],"properties":{"id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"},"department":{"type":"string"},"role":{"type":"string","enum":["manager","member"]},"active":{"type":"boolean"}}},
   "CreatedMember":{"allOf":[ref("Member"),{"type":"object","properties":{"set_password_url":{"type":"string"},"set_password_expires_at":{"type":"string","format":"date-time"}}}]},
   "MemberInput":{"type":"object","required":["name","email"],"additionalProperties":False,"properties":{"name":{"type":"string","maxLength":100},"email":{"type":"string"},"department":{"type":"string","maxLength":60},"role":{"type":"string","enum":["manager","member"]}}},
   "MemberPatch":{"type":"object","additionalProperties":False,"properties":{"name":{"type":"string"},"email":{"type":"string"},"department":{"type":"string"},"role":{"type":"string","enum":["manager","member"]},"active":{"type":"boolean"}}},
   "Metric":{"type":"object","required":["id"]+list(metric_props.keys()),"properties":{"id":{"type":"integer"},**metric_props}},
   "MetricInput":{"type":"object","additionalProperties":False,"properties":{**metric_props,"move_north_star":{"type":"boolean","description":"confirm taking the North Star from the metric that has it"}}},
   "Value":{"type":"object","required":["month","value","note"],"properties":{"month":{"type":"string"},"value":{"type":"number"},"note":{"type":"string"},"updated_by":{"type":"integer","nullable":True},"updated_at":{"type":"string","format":"date-time"}}},
   "StarterMetric":{"type":"object","properties":{k:{"type":"string"} for k in ["key","name","definition","formula","category","unit","direction"]}},
  }}}
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- reviews, rotation, settings (issue 3) ---
doc=json.load(open("src/routes/api/openapi.json"))
monthp={"name":"month","in":"path","required":True,"schema":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}}
metricp={"name":"metric_id","in":"path","required":True,"schema":{"type":"integer"}}
P=doc["paths"]
P["/reviews"]=ops({"get":{"summary":"List reviews, newest first (creates scheduled ones first when the team schedule is on)","parameters":[{"name":"page","in":"query","schema":{"type":"integer","minimum":1}}],"responses":{"200":resp("Reviews",arr(ref("Review")))}},
  "post":{"summary":"Schedule a review (managers)","requestBody":body(ref("ReviewInput")),"responses":{"201":resp("Created",ref("Review"))}}})
P["/reviews/{month}"]=ops({"get":{"summary":"One review","parameters":[monthp],"responses":{"200":resp("The review",ref("Review"))}},
  "patch":{"summary":"Move or cancel a review, or set who is away (managers)","parameters":[monthp],"requestBody":body(ref("ReviewPatch")),"responses":{"200":resp("The review",ref("Review"))}}})
P["/reviews/{month}/draw"]=ops({"post":{"summary":"Draw (or redraw) the rotation (managers); a published one needs confirm","parameters":[monthp],"requestBody":{"required":False,"content":{"application/json":{"schema":{"type":"object","additionalProperties":False,"properties":{"seed":{"type":"integer","minimum":0},"confirm":{"type":"boolean"}}}}}},"responses":{"200":resp("The review and its assignments",{"type":"object","properties":{"review":ref("Review"),"assignments":arr(ref("Assignment"))}})}}})
P["/reviews/{month}/assignments"]=ops({"get":{"summary":"The rotation, in agenda order (members see it once published)","parameters":[monthp],"responses":{"200":resp("Assignments",arr(ref("Assignment")))}}})
P["/reviews/{month}/assignments/{metric_id}"]=ops({"put":{"summary":"Give a metric to another presenter, within the hard rules (managers)","parameters":[monthp,metricp],"requestBody":body({"type":"object","required":["presenter_id"],"additionalProperties":False,"properties":{"presenter_id":{"type":"integer"},"confirm":{"type":"boolean"}}}),"responses":{"200":resp("The assignment",ref("Assignment"))}}})
P["/reviews/{month}/swap"]=ops({"post":{"summary":"Exchange the presenters of two metrics (managers)","parameters":[monthp],"requestBody":body({"type":"object","required":["metric_ids"],"additionalProperties":False,"properties":{"metric_ids":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2},"confirm":{"type":"boolean"}}}),"responses":{"200":resp("The rotation",arr(ref("Assignment")))}}})
P["/reviews/{month}/publish"]=ops({"post":{"summary":"Publish the drawn rotation (managers)","parameters":[monthp],"responses":{"200":resp("The review",ref("Review"))}}})
P["/me/assignments"]=ops({"get":{"summary":"My assignments in published and held reviews","responses":{"200":resp("Assignments",arr({"allOf":[ref("Assignment"),{"type":"object","properties":{"month":{"type":"string"},"review_status":{"type":"string"}}}]}))}}})
P["/settings"]=ops({"get":{"summary":"Team settings","responses":{"200":resp("Settings",ref("Settings"))}},
  "patch":{"summary":"Change team settings (managers)","requestBody":body(ref("Settings")),"responses":{"200":resp("Settings",ref("Settings"))}}})
S=doc["components"]["schemas"]
status=["planned","drafted","published","held","cancelled"]
S["Review"]={"type":"object","required":["month","starts_at","timezone","duration_minutes","location","status","away_member_ids"],"properties":{"month":{"type":"string"},"starts_at":{"type":"string","format":"date-time"},"timezone":{"type":"string"},"duration_minutes":{"type":"integer"},"location":{"type":"string"},"status":{"type":"string","enum":status},"away_member_ids":arr({"type":"integer"}),"seed":{"type":"integer","nullable":True},"presenting_manager_id":{"type":"integer","nullable":True},"published_at":{"type":"string","format":"date-time","nullable":True},"data_month":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$","description":"the month whose numbers the review discusses"}}}
S["ReviewInput"]={"type":"object","required":["month","starts_at"],"additionalProperties":False,"properties":{"month":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"},"starts_at":{"type":"string","format":"date-time","description":"RFC 3339 with offset"},"timezone":{"type":"string","description":"IANA name; defaults to the team's"},"duration_minutes":{"type":"integer","minimum":10,"maximum":240},"location":{"type":"string","maxLength":300},"away_member_ids":arr({"type":"integer"}),"data_month":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$","description":"default: the month before the meeting's"}}}
S["ReviewPatch"]={"type":"object","additionalProperties":False,"properties":{"starts_at":{"type":"string","format":"date-time"},"timezone":{"type":"string"},"duration_minutes":{"type":"integer","minimum":10,"maximum":240},"location":{"type":"string","maxLength":300},"away_member_ids":arr({"type":"integer"}),"data_month":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"},"status":{"type":"string","enum":["cancelled","planned","published"],"description":"cancelled cancels; planned reopens a cancelled review; published reopens a held meeting (until the next one starts)"}}}
S["Assignment"]={"type":"object","required":["id","metric_id","presenter_id","position","timebox_seconds","reason","presentation_status"],"properties":{"id":{"type":"integer"},"metric_id":{"type":"integer"},"presenter_id":{"type":"integer"},"owner_id":{"type":"integer","nullable":True},"position":{"type":"integer"},"timebox_seconds":{"type":"integer"},"reason":{"type":"string"},"warning":{"type":"string","nullable":True},"presentation_status":{"type":"string","enum":["not_started","draft","submitted"]}}}
S["Settings"]={"type":"object","additionalProperties":False,"properties":{"recent_months":{"type":"integer","minimum":0,"maximum":24},"default_duration_minutes":{"type":"integer"},"default_timezone":{"type":"string"},"default_location":{"type":"string"},"opening_minutes":{"type":"integer"},"closing_minutes":{"type":"integer"},"schedule_enabled":{"type":"boolean"},"schedule_week":{"type":"integer","minimum":1,"maximum":5},"schedule_weekday":{"type":"integer","minimum":1,"maximum":7},"schedule_time":{"type":"string"},"schedule_months_ahead":{"type":"integer","minimum":0,"maximum":12}}}
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- presentations, template, meeting (issue 4) ---
doc=json.load(open("src/routes/api/openapi.json"))
P=doc["paths"]; S=doc["components"]["schemas"]
aid={"name":"id","in":"path","required":True,"schema":{"type":"integer"},"description":"assignment id"}
S["Prompt"]={"type":"object","required":["key","question"],"properties":{"key":{"type":"string","pattern":"^[a-z0-9_]{1,40}$"},"question":{"type":"string"},"help":{"type":"string"},"required":{"type":"boolean"}}}
S["Presentation"]={"type":"object","required":["value","answers","prompts","status","submitted_at"],"properties":{"assignment_id":{"type":"integer"},"value":{"type":"number","nullable":True},"answers":{"type":"object","additionalProperties":{"type":"string"}},"prompts":arr(ref("Prompt")),"status":{"type":"string","enum":["not_started","draft","submitted"]},"late":{"type":"boolean"},"submitted_at":{"type":"string","format":"date-time","nullable":True},"deadline":{"type":"string","format":"date-time"},"template_version":{"type":"integer"},"owner_brief":{"type":"string"},"fact_checked_at":{"type":"string","format":"date-time","nullable":True},"correction":{"type":"string"}}}
S["PresentationInput"]={"type":"object","additionalProperties":False,"properties":{"value":{"type":"number","nullable":True},"answers":{"type":"object","additionalProperties":{"type":"string","maxLength":4000}}}}
S["Template"]={"type":"object","required":["introduction","prompts"],"properties":{"version":{"type":"integer"},"introduction":{"type":"string","maxLength":4000},"prompts":arr(ref("Prompt"))}}
P["/assignments/{id}/presentation"]=ops({"get":{"summary":"A presentation (presenter, owner and managers always; the team once submitted)","parameters":[aid],"responses":{"200":resp("The presentation",ref("Presentation"))}},
  "put":{"summary":"Save the presenter's draft (until the meeting starts)","parameters":[aid],"requestBody":body(ref("PresentationInput")),"responses":{"200":resp("The presentation",ref("Presentation"))}}})
P["/assignments/{id}/presentation/submit"]=ops({"post":{"summary":"Submit (required prompts must be answered); the body may carry last changes","parameters":[aid],"requestBody":{"required":False,"content":{"application/json":{"schema":ref("PresentationInput")}}},"responses":{"200":resp("The presentation",ref("Presentation"))}}})
P["/assignments/{id}/feedback"]=ops({"post":{"summary":"Feedback on a presentation, until the meeting is held","parameters":[aid],"requestBody":body({"type":"object","required":["kind"],"additionalProperties":False,"properties":{"kind":{"type":"string","enum":["kudos","question","suggestion"]},"body":{"type":"string","maxLength":1000},"anonymous":{"type":"boolean"}}}),"responses":{"201":resp("Recorded",{"type":"object","properties":{"assignment_id":{"type":"integer"}}})}}})
P["/template"]=ops({"get":{"summary":"The current presentation template","responses":{"200":resp("The template",ref("Template"))}},
  "put":{"summary":"Save a new version of the template (managers)","requestBody":body(ref("Template")),"responses":{"200":resp("The template",ref("Template"))}}})
P["/reviews/{month}/meeting"]=ops({"get":{"summary":"Where the meeting is (for follow-along pages)","parameters":[monthp],"responses":{"200":resp("Meeting state",{"type":"object","properties":{"month":{"type":"string"},"status":{"type":"string"},"current_slot":{"type":"integer"},"slot_count":{"type":"integer"},"current_assignment_id":{"type":"integer","nullable":True},"meeting_started_at":{"type":"string","nullable":True},"slot_started_at":{"type":"string","nullable":True}}})}}})
S["Settings"]["properties"]["reminder_days"]={"type":"integer","minimum":0,"maximum":14}
S["Settings"]["properties"]["anonymous_feedback"]={"type":"boolean"}
S["Settings"]["properties"]["currency"]={"type":"string","pattern":"^[A-Za-z]{3}$","description":"ISO 4217 code of new currency metrics"}
S["Settings"]["properties"]["number_format"]={"type":"string","enum":["1,234.5","1.234,5","1 234,5"],"description":"how the team writes numbers on the pages"}
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- boards (issue 6) ---
doc=json.load(open("src/routes/api/openapi.json"))
P=doc["paths"]; S=doc["components"]["schemas"]
cid={"name":"id","in":"path","required":True,"schema":{"type":"integer"},"description":"card id"}
S["Card"]={"type":"object","required":["id","kind","title","body","lesson","metric_id","month","author_id","kudos"],"properties":{"id":{"type":"integer"},"kind":{"type":"string","enum":["success","fail"]},"title":{"type":"string"},"body":{"type":"string","description":"what we tried (Markdown)"},"outcome":{"type":"string","description":"what happened, with the numbers (Markdown)"},"lesson":{"type":"string","description":"what we learned (Markdown; required on fail cards)"},"metric_id":{"type":"integer","nullable":True},"month":{"type":"string","nullable":True},"author_id":{"type":"integer","nullable":True,"description":"null when the author hid their name from you"},"anonymous":{"type":"boolean"},"coauthor_ids":arr({"type":"integer"}),"kudos":{"type":"integer"},"created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
S["CardInput"]={"type":"object","additionalProperties":False,"properties":{"kind":{"type":"string","enum":["success","fail"]},"title":{"type":"string","maxLength":120},"body":{"type":"string","maxLength":5000},"outcome":{"type":"string","maxLength":5000},"lesson":{"type":"string","maxLength":5000},"metric_id":{"type":"integer","nullable":True},"month":{"type":"string","nullable":True},"anonymous":{"type":"boolean"},"coauthor_ids":arr({"type":"integer"})}}
q=lambda n,t,d: {"name":n,"in":"query","schema":{"type":t},"description":d}
P["/cards"]=ops({"get":{"summary":"Board cards, newest first (100 a page)","parameters":[q("kind","string","success or fail"),q("month","string","YYYY-MM"),q("metric_id","integer","metric"),q("author_id","integer","author"),q("department","string","the author's department"),q("q","string","full-text search in title and texts"),q("page","integer","page, from 1")],"responses":{"200":resp("Cards",arr(ref("Card")))}},
  "post":{"summary":"Post a card","requestBody":body(ref("CardInput")),"responses":{"201":resp("Created",ref("Card"))}}})
P["/cards/{id}"]=ops({"get":{"summary":"One card","parameters":[cid],"responses":{"200":resp("The card",ref("Card"))}},
  "patch":{"summary":"Edit a card (its author or a manager)","parameters":[cid],"requestBody":body(ref("CardInput")),"responses":{"200":resp("The card",ref("Card"))}},
  "delete":{"summary":"Delete a card (managers)","parameters":[cid],"responses":{"204":{"description":"Deleted"}}}})
P["/cards/{id}/kudos"]=ops({"post":{"summary":"Give kudos (once per person; 409 the second time)","parameters":[cid],"responses":{"200":resp("Kudos count",{"type":"object","properties":{"id":{"type":"integer"},"kudos":{"type":"integer"}}})}},
  "delete":{"summary":"Take your kudos back","parameters":[cid],"responses":{"200":resp("Kudos count",{"type":"object","properties":{"id":{"type":"integer"},"kudos":{"type":"integer"}}})}}})
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- signal or noise (issue 14) ---
doc=json.load(open("src/routes/api/openapi.json"))
P=doc["paths"]; S=doc["components"]["schemas"]
ym={"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}
num={"type":"number"}; nnum={"type":"number","nullable":True}
aggs=["sum","average","last"]
for name in ["Metric"]:
    S[name]["properties"]["aggregation"]={"type":"string","enum":aggs,"description":"how the months add up to a year to date (default by unit: count and currency sum, the others average)"}
S["MetricInput"]["properties"]["aggregation"]={"type":"string","enum":aggs,"nullable":True,"description":"null: by the unit"}
agenda={"type":"string","enum":["standard","signals_first"],"description":"signals_first: metrics whose data month is special cause come first, with twice the time"}
S["Review"]["properties"]["agenda"]=agenda
S["ReviewInput"]["properties"]["agenda"]=agenda
S["ReviewPatch"]["properties"]["agenda"]=agenda
cmp_={"type":"object","nullable":True,"required":["month","value","change","change_pct"],"properties":{"month":ym,"value":num,"change":num,"change_pct":nnum}}
S["Event"]={"type":"object","required":["id","month","title","note","rebase","author_id"],"properties":{"id":{"type":"integer"},"month":ym,"title":{"type":"string","maxLength":120},"note":{"type":"string","maxLength":1000},"rebase":{"type":"boolean","description":"the process changed: limits restart from this month"},"author_id":{"type":"integer","nullable":True},"created_at":{"type":"string","format":"date-time"}}}
S["EventInput"]={"type":"object","required":["month","title"],"additionalProperties":False,"properties":{"month":ym,"title":{"type":"string","minLength":1,"maxLength":120},"note":{"type":"string","maxLength":1000},"rebase":{"type":"boolean"}}}
S["Analysis"]={"type":"object","required":["month","value","previous","year_ago","year_to_date","target","limits","variation","assurance","signals","events"],"properties":{
 "metric_id":{"type":"integer"},"month":ym,"value":num,"previous":cmp_,"year_ago":cmp_,
 "year_to_date":{"type":"object","nullable":True,"properties":{"from":ym,"to":ym,"months":{"type":"integer"},"value":num,"year_ago_value":nnum,"change_pct":nnum}},
 "target":{"type":"object","nullable":True,"properties":{"value":num,"gap":num,"gap_pct":nnum}},
 "limits":{"type":"object","nullable":True,"properties":{"centre":num,"lower":num,"upper":num,"moving_range_mean":num,"moving_range_upper":num,"baseline_from":ym,"baseline_to":ym,"points":{"type":"integer"},"trial":{"type":"boolean"}}},
 "variation":{"type":"string","enum":["special_cause_improvement","special_cause_concern","common_cause","too_few_points"]},
 "assurance":{"type":"string","nullable":True,"enum":["consistently_passes","consistently_fails","hit_and_miss"]},
 "signals":arr({"type":"object","properties":{"month":ym,"rule":{"type":"string","enum":["outside_limits","shift","trend","two_of_three"]},"direction":{"type":"string","enum":["improvement","concern"]}}}),
 "events":arr(ref("Event"))}}
S["ReviewHealth"]={"type":"object","properties":{"month":ym,"submitted_share":nnum,"fact_checked_share":nnum,"start_delay_minutes":nnum,"overrun_minutes":nnum,"clarity_mean":nnum,"slot_spread":nnum}}
evp={"name":"event_id","in":"path","required":True,"schema":{"type":"integer"}}
P["/metrics/{id}/analysis"]=ops({"get":{"summary":"Signal or noise: the comparison block and the process behaviour chart's verdict for a month","parameters":[idp,{"name":"month","in":"query","schema":ym,"description":"default: the latest month with a value"}],"responses":{"200":resp("The analysis",ref("Analysis"))}}})
P["/metrics/{id}/events"]=ops({"get":{"summary":"The metric's events, in month order","parameters":[idp],"responses":{"200":resp("Events",arr(ref("Event")))}},
  "post":{"summary":"Add an event (the manager, the owner, or this month's presenter)","parameters":[idp],"requestBody":body(ref("EventInput")),"responses":{"201":resp("Created",ref("Event"))}}})
P["/metrics/{id}/events/{event_id}"]=ops({"delete":{"summary":"Delete an event (the manager or its author)","parameters":[idp,evp],"responses":{"204":{"description":"Deleted"}}}})
P["/reviews/health"]=ops({"get":{"summary":"The review's own numbers: one row per held review, oldest first","responses":{"200":resp("Rows",arr(ref("ReviewHealth")))}}})
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- a fair year: the plan ahead (issue 15) ---
doc=json.load(open("src/routes/api/openapi.json"))
P=doc["paths"]; S=doc["components"]["schemas"]
ym={"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"}
S["PlannedMonth"]={"type":"object","required":["month","coverage","coverage_bound","assignments"],"properties":{"month":ym,"coverage":{"type":"number","description":"share of the (person, metric) pairs that can meet at all which have met by the end of this month, from 0 to 1"},"coverage_bound":{"type":"number","description":"the most coverage this many months could reach"},"assignments":arr({"type":"object","required":["metric_id","presenter_id","reason"],"properties":{"metric_id":{"type":"integer"},"presenter_id":{"type":"integer"},"reason":{"type":"string"}}})}}
S["Plan"]={"type":"object","required":["months","yearly_totals","departments_met","spread","warnings"],"properties":{"months":arr(ref("PlannedMonth")),"yearly_totals":arr({"type":"object","required":["member_id","total"],"properties":{"member_id":{"type":"integer"},"total":{"type":"integer","description":"presentations over the planned months"}}}),"departments_met":arr({"type":"object","required":["member_id","met","of"],"properties":{"member_id":{"type":"integer"},"met":{"type":"integer"},"of":{"type":"integer","description":"departments other than the member's own that own metrics"}}}),"spread":{"type":"integer","description":"highest minus lowest total"},"warnings":arr({"type":"string","description":"where the team's shape keeps a rule from holding"})}}
P["/reviews/plan"]=ops({"get":{"summary":"A preview, not stored, of the next months' draws with today's team and metrics (managers)","parameters":[{"name":"months","in":"query","schema":{"type":"integer","minimum":1,"maximum":24,"default":12}}],"responses":{"200":resp("The plan",ref("Plan"))}}})
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)

# --- performance: a paged metric list (issue 17) ---
doc=json.load(open("src/routes/api/openapi.json"))
P=doc["paths"]
op=P["/metrics"]["get"]
op.setdefault("parameters",[])
op["parameters"]=[p for p in op["parameters"] if p["name"] not in ("limit","cursor")]+[
 {"name":"limit","in":"query","schema":{"type":"integer","minimum":1,"maximum":500},"description":"one page of this many metrics, in id order; without it, every metric"},
 {"name":"cursor","in":"query","schema":{"type":"integer","minimum":1},"description":"from the next link of the page before; alone, pages of 100"}]
op["responses"]["200"]["headers"]={"Link":{"description":"with limit, while more metrics follow: <URL of the next page>; rel=\"next\"","schema":{"type":"string"}}}
json.dump(doc, open("src/routes/api/openapi.json","w"), indent=1)
