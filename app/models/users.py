"""Users, their roles and visibility scopes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # consecutive failed logins; from the fourth on the login waits until `locked_until`
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __mapper_args__ = {"version_id_col": version}


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(24), primary_key=True)


class UserScope(Base):
    """Limits what a user sees to a company or a building; no rows = everything."""

    __tablename__ = "user_scope"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))


class CustomRole(Base):
    """A role the administrator composed from the list of rights, beside the six built-in ones
    (`app.rights.Role`); users hold it by `name` in `user_role` like a built-in role."""

    __tablename__ = "custom_role"

    name: Mapped[str] = mapped_column(String(24), primary_key=True)
    title: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CustomRoleRight(Base):
    __tablename__ = "custom_role_right"

    role: Mapped[str] = mapped_column(ForeignKey("custom_role.name", ondelete="CASCADE"),
                                      primary_key=True)
    right: Mapped[str] = mapped_column(String(40), primary_key=True)
