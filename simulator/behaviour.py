"""Planted behaviour shared by the channels: timing fit, conversion probabilities."""

from __future__ import annotations

import numpy as np

from simulator.campaigns import TYPE_CONV_MULT

Table = dict[str, np.ndarray]

P_ENROLL_GIVEN_APPLICATION = 0.42
INTEREST_CONV_MULT = 2.0
INTEREST_CLICK_MULT = 1.5
TIMING_BONUS = 0.35
TIMING_WIDTH_HOURS = 2.0
# Probability that a message leads to an application: through its click, or later without one.
APPLY_AFTER_CLICK = {"email": 0.10, "sms": 0.12}
APPLY_WITHOUT_CLICK = {"email": 0.0012, "sms": 0.0025}


def timing_multiplier(local_hour: np.ndarray, preferred_hour: np.ndarray) -> np.ndarray:
    """Open-probability multiplier: 1 + 0.35·exp(-d²/2σ²), d = circular hour distance, σ = 2 h."""
    d = np.abs(local_hour - preferred_hour) % 24
    d = np.minimum(d, 24 - d)
    return 1.0 + TIMING_BONUS * np.exp(-(d**2) / (2 * TIMING_WIDTH_HOURS**2))


def interested(contacts: Table, contact: np.ndarray, category: np.ndarray) -> np.ndarray:
    """Whether each contact lists the category among their interests."""
    return (contacts["interests"][contact] >> category) & 1 == 1


def application_probabilities(
    channel: str,
    contacts: Table,
    campaigns: Table,
    contact: np.ndarray,
    campaign: np.ndarray,
    conv_mult: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """P(application | clicked) and P(application | delivered, not clicked) per message."""
    fit = np.where(
        interested(contacts, contact, campaigns["category"][campaign]), INTEREST_CONV_MULT, 1.0
    )
    mult = np.array(TYPE_CONV_MULT)[campaigns["type"][campaign]] * conv_mult * fit
    mult = mult * contacts["enroll_propensity"][contact]
    p_click = np.clip(APPLY_AFTER_CLICK[channel] * mult, 0, 0.9)
    p_noclick = np.clip(APPLY_WITHOUT_CLICK[channel] * mult, 0, 0.5)
    return p_click, p_noclick
