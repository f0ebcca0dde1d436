"""A FastAPI + pydantic v2 service shaped like OneInbox's phone-number API.

The Rust tests start it under uvicorn on 127.0.0.1 and call it through an
SDK generated from the OpenAPI document FastAPI exports for it
(`export_openapi.py` writes `openapi.json`). It keeps one phone number in
memory, applies PATCH bodies as the reference page describes (a merge: unset
fields are kept, an explicit null clears), and remembers what pydantic saw
as set (`model_fields_set`) at both levels of the last body, so a test can
check that absent, null and value arrived as meant.
"""

from datetime import datetime, timezone, timedelta
from typing import Optional
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict

app = FastAPI(title="OneInbox FastAPI twin", version="1.0.0")
bearer = HTTPBearer()

API_KEY = "oi_sk_test"


def authorized(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> None:
    if credentials.credentials != API_KEY:
        raise HTTPException(status_code=401, detail="invalid API key")


class RoutingFallback(BaseModel):
    agent_id: str


class RoutingFallbackUpdate(BaseModel):
    agent_id: UUID


class InboundRouting(BaseModel):
    """Per-number routing override; kept as JSON, so it may grow keys."""

    model_config = ConfigDict(extra="allow")

    agent_id: Optional[str] = None
    fallback: Optional[RoutingFallback] = None
    voicemail_message: Optional[str] = None


class InboundRoutingUpdate(BaseModel):
    """Partial routing patch: unset fields are kept, null on fallback clears it."""

    agent_id: UUID = None  # optional, not nullable
    fallback: Optional[RoutingFallbackUpdate] = None
    voicemail_message: str = None  # optional, not nullable


class PhoneNumberUpdate(BaseModel):
    friendly_name: Optional[str] = None
    agent_id: Optional[UUID] = None
    inbound_routing: InboundRoutingUpdate = None  # optional, not nullable


class PhoneNumberResponse(BaseModel):
    id: str
    phone_number: str
    friendly_name: Optional[str]
    agent_id: Optional[str]
    status: str
    # Naive: pydantic writes it with no offset, as SQLAlchemy columns
    # without timezone=True come back.
    created_at: datetime
    # Aware, with an offset that is not UTC.
    updated_at: datetime
    inbound_routing: Optional[InboundRouting] = None


class Seen(BaseModel):
    """What pydantic saw in the last PATCH body."""

    top: list[str]
    routing: Optional[list[str]]
    body: dict


PHONE_ID = UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
NUMBER = {
    "id": str(PHONE_ID),
    "phone_number": "+15550100",
    "friendly_name": "Front desk",
    "agent_id": "11111111-1111-1111-1111-111111111111",
    "status": "active",
    "created_at": datetime(2023, 11, 7, 5, 31, 56),
    "updated_at": datetime(2023, 11, 7, 5, 31, 56, 123456, tzinfo=timezone(timedelta(hours=-4))),
    "inbound_routing": {
        "agent_id": "11111111-1111-1111-1111-111111111111",
        "fallback": {"agent_id": "22222222-2222-2222-2222-222222222222"},
        "voicemail_message": "Leave a message",
        "business_hours": {"mon": "09:00-17:00"},
    },
}
last_seen: Optional[Seen] = None


@app.patch(
    "/v1/phone-numbers/{phone_id}",
    response_model=PhoneNumberResponse,
    dependencies=[Depends(authorized)],
)
def update_phone_number(phone_id: UUID, patch: PhoneNumberUpdate) -> dict:
    global last_seen
    if phone_id != PHONE_ID:
        raise HTTPException(status_code=404, detail="no such number")
    routing = patch.inbound_routing
    last_seen = Seen(
        top=sorted(patch.model_fields_set),
        routing=sorted(routing.model_fields_set) if routing is not None else None,
        body=patch.model_dump(mode="json", exclude_unset=True),
    )
    if "friendly_name" in patch.model_fields_set:
        NUMBER["friendly_name"] = patch.friendly_name
    if "agent_id" in patch.model_fields_set:
        NUMBER["agent_id"] = str(patch.agent_id) if patch.agent_id else None
    if routing is not None:
        current = NUMBER["inbound_routing"]
        for field in routing.model_fields_set:
            value = getattr(routing, field)
            if isinstance(value, BaseModel):
                value = value.model_dump(mode="json")
            elif isinstance(value, UUID):
                value = str(value)
            current[field] = value
    return NUMBER


@app.get("/_test/last-patch", include_in_schema=False)
def last_patch() -> Optional[Seen]:
    return last_seen
